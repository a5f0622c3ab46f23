import { z } from "zod";
import { ParseError } from "../../core/errors.ts";
import { defineGuide, type StepContext } from "../define-guide.ts";

/** Parameters of the startup guide: none yet; its samples are the campaign's runs (use --runs 20). */
export const StartupParametersSchema = z.object({});

/**
 * Reads the workload's first instruction (`date +%s%N`, its own wall clock in nanoseconds)
 * against the runner's marks: how long from asking the runtime to start the workload to the
 * workload's first instruction, and to the runtime reporting its exit.
 */
export function parseStartup(output: string, context: StepContext = {}): Record<string, number | string> {
  const first = output.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  if (!/^[0-9]{19}$/.test(first)) {
    throw new ParseError(`The workload's first line should be its clock in nanoseconds (date +%s%N), got "${first.slice(0, 40)}".`, { line: 1 });
  }
  if (context.requestedAt === undefined || context.exitedAt === undefined) {
    throw new ParseError("Startup needs the runner's own timing marks; this output was not produced by `parity run` on a target that records them.");
  }
  // Milliseconds since the epoch, keeping microseconds: 19 digits do not fit a double exactly.
  const firstAt = Number(first.slice(0, 13)) + Number(first.slice(13)) / 1e6;
  return {
    firstInstructionMs: firstAt - context.requestedAt,
    exitMs: context.exitedAt - context.requestedAt,
  };
}

/** Startup: from asking the runtime to start a workload to its first instruction and to its exit. */
export const startupGuide = defineGuide({
  id: "startup",
  version: 1,
  title: "Startup time",
  summary: "How long a runtime takes from being asked to start a workload to the workload's first instruction, and to its exit.",
  tools: [{ binary: "date", debianPackage: "coreutils", versionArgv: ["date", "--version"] }],
  parameters: StartupParametersSchema,
  quick: {},
  estimateSeconds: () => 0.3,
  targets: ["local"],
  probe: "after",
  steps: [
    {
      id: "first-instruction",
      title: "Start the workload; its first instruction reads the clock",
      argv: () => ["date", "+%s%N"],
      parse: parseStartup,
    },
  ],
  metrics: {
    firstInstructionMs: { label: "To first instruction", unit: "ms", direction: "lower", compare: true, description: "From asking the runtime to start the workload to the workload's first instruction (its first clock reading)." },
    exitMs: { label: "To exit", unit: "ms", direction: "lower", compare: true, description: "From asking the runtime to start the workload to the runtime reporting its exit (start, run, tear down)." },
  },
});
