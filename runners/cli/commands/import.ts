import { basename } from "node:path";
import * as z from "zod";
import { importOutput } from "../../guides/import-output.ts";
import { guides } from "../../guides/index.ts";
import { cliMeta } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";
import { readInput } from "../read-input.ts";

export const importCommand = parityCommand({
  name: "import",
  description: "Read a hand-run tool output and print it as a Parity measurement (JSON on stdout)",
  options: z.object({
    guide: z
      .string()
      .describe(`Guide the output belongs to: ${guides.ids().join(", ")}`)
      .register(cliMeta, { positional: true }),
    file: z
      .string()
      .describe("File with the tool's output, or - for standard input")
      .register(cliMeta, { positional: true }),
  }),
  run: async (o) => {
    const guide = guides.get(o.guide);
    const text = await readInput(o.file);
    const measurement = importOutput(guide, text, o.file === "-" ? "stdin" : basename(o.file));
    process.stdout.write(`${JSON.stringify(measurement, null, 2)}\n`);
    for (const note of guide.importNotes?.(measurement.metrics) ?? []) process.stderr.write(`note: ${note}\n`);
  },
});
