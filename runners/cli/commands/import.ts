import { defineCommand } from "citty";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ParityError } from "../../core/errors.ts";
import { guides } from "../../guides/index.ts";
import { importOutput } from "../../guides/import-output.ts";
import { guarded } from "../guard.ts";

export const importCommand = defineCommand({
  meta: { name: "import", description: "Read a hand-run tool output and print it as a Parity measurement (JSON on stdout)" },
  args: {
    guide: { type: "positional", required: true, description: `Guide the output belongs to: ${guides.ids().join(", ")}` },
    file: { type: "positional", required: true, description: "File with the tool's output, or - for standard input" },
  },
  run: ({ args }) =>
    guarded(async () => {
      const guide = guides.get(args.guide);
      const fromStdin = args.file === "-";
      let text: string;
      try {
        text = fromStdin ? await new Response(process.stdin as unknown as ReadableStream).text() : await readFile(args.file, "utf8");
      } catch (error) {
        throw new ParityError("INVALID_INPUT", `Cannot read ${args.file}: ${(error as Error).message}. Give the path of a file that holds the tool's output.`, { cause: error });
      }
      const measurement = importOutput(guide, text, fromStdin ? "stdin" : basename(args.file));
      process.stdout.write(`${JSON.stringify(measurement, null, 2)}\n`);
    }),
});
