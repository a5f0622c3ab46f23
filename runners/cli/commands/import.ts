import { basename } from "node:path";
import { defineCommand } from "citty";
import { importOutput } from "../../guides/import-output.ts";
import { guides } from "../../guides/index.ts";
import { guarded } from "../guard.ts";
import { readInput } from "../read-input.ts";

export const importCommand = defineCommand({
  meta: {
    name: "import",
    description: "Read a hand-run tool output and print it as a Parity measurement (JSON on stdout)",
  },
  args: {
    guide: {
      type: "positional",
      required: true,
      description: `Guide the output belongs to: ${guides.ids().join(", ")}`,
    },
    file: { type: "positional", required: true, description: "File with the tool's output, or - for standard input" },
  },
  run: ({ args }) =>
    guarded(async () => {
      const guide = guides.get(args.guide);
      const fromStdin = args.file === "-";
      const text = await readInput(args.file);
      const measurement = importOutput(guide, text, fromStdin ? "stdin" : basename(args.file));
      process.stdout.write(`${JSON.stringify(measurement, null, 2)}\n`);
      for (const note of guide.importNotes?.(measurement.metrics) ?? []) process.stderr.write(`note: ${note}\n`);
    }),
});
