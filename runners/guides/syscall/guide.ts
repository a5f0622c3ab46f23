// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { ParseError } from "../../core/errors.ts";
import { defineGuide, type StepContext } from "../define-guide.ts";
import { parsePerfBench, perfBenchResult } from "../tool-output/perf-bench.ts";

/** Parameters of the system-call guide. */
export const SyscallParametersSchema = z.object({
  calls: z
    .number()
    .int()
    .min(10_000)
    .max(1_000_000_000)
    .default(500_000)
    .describe(
      "getppid() calls per run, `perf bench syscall basic --loop`, e.g. `500000`: a tenth of a second on a bare " +
        "host, half a minute where every call is stopped by ptrace.",
    ),
  roundTrips: z
    .number()
    .int()
    .min(1_000)
    .max(100_000_000)
    .default(50_000)
    .describe("Pipe round trips per run, `perf bench sched pipe --loop`, e.g. `50000`."),
});

export type SyscallParameters = z.output<typeof SyscallParametersSchema>;

/**
 * The two benchmarks, one after the other in one workload, so that one probe proves where both ran. The pipe's two
 * processes are pinned to one CPU: a wake-up across vCPUs goes through the hypervisor, and on this project's
 * machine it made round trips about 5 times slower and their spread wider (25–33 µs against 5.1–6.2 µs in five runs
 * each). The counts reach the shell as positional parameters, never re-parsed as code.
 */
export function syscallArgv(p: SyscallParameters): string[] {
  return [
    "sh",
    "-c",
    'perf bench syscall basic --loop "$1" && taskset -c 0 perf bench sched pipe --loop "$2"',
    "sh",
    String(p.calls),
    String(p.roundTrips),
  ];
}

/** The guide's metrics from one output holding both benchmarks. */
export function syscallMetrics(output: string, context: StepContext = {}): Record<string, number | string> {
  const results = parsePerfBench(output);
  const basic = perfBenchResult(results, "syscall/basic");
  const pipe = perfBenchResult(results, "sched/pipe");
  if (!basic.what.startsWith("getppid()"))
    throw new ParseError(`perf bench syscall/basic timed "${basic.what}", not getppid() calls.`);
  if (context.ran) {
    const p = SyscallParametersSchema.parse(context.params ?? {});
    if (basic.operations !== p.calls || pipe.operations !== p.roundTrips)
      throw new ParseError(
        `perf executed ${basic.operations} calls and ${pipe.operations} round trips, not the ${p.calls} and ` +
          `${p.roundTrips} asked for.`,
      );
  }
  return {
    // perf prints microseconds to six decimals: whole picoseconds, so the nanoseconds keep three.
    getppidNs: Math.round(basic.usecsPerOp * 1e6) / 1000,
    pipeRoundTripUs: pipe.usecsPerOp,
    calls: basic.operations,
    roundTrips: pipe.operations,
  };
}

/**
 * System calls with `perf bench`: the cost of the smallest call (getppid), and of a pipe round trip between two
 * processes (a write and a read on each side, and two wake-ups). This is where a user-space kernel pays: every call
 * leaves the workload for the sandbox's kernel.
 */
export const syscallGuide = defineGuide({
  id: "syscall",
  version: 1,
  title: "System calls (perf bench)",
  summary:
    "Nanoseconds per minimal system call (getppid) and microseconds per pipe round trip between two processes: " +
    "what each call into the kernel costs in the runtime.",
  fixtures: "perf-bench",
  tools: [
    { binary: "perf", debianPackage: "linux-perf", versionArgv: ["perf", "version"] },
    { binary: "taskset", debianPackage: "util-linux", versionArgv: ["taskset", "--version"] },
  ],
  parameters: SyscallParametersSchema,
  quick: { calls: 100_000, roundTrips: 5_000 },
  // A bare host's cost; a sandbox's is longer, which the progress estimate learns from the runs themselves.
  estimateSeconds: (p) => p.calls * 0.3e-6 + p.roundTrips * 10e-6 + 0.2,
  steps: [
    {
      id: "perf-bench",
      title: "Time getppid() calls, then pipe round trips between two processes on one CPU, with perf bench",
      argv: (p) => syscallArgv(p),
      parse: syscallMetrics,
    },
  ],
  metrics: {
    getppidNs: {
      label: "getppid() call",
      unit: "ns",
      direction: "lower",
      compare: true,
      primary: true,
      description:
        "Wall-clock time per getppid() call in a loop of `calls`: the round trip into the kernel and back for a call " +
        "that does almost nothing, so the cost is the runtime's path to its kernel.",
    },
    pipeRoundTripUs: {
      label: "Pipe round trip",
      unit: "µs",
      direction: "lower",
      compare: true,
      description:
        "Wall-clock time per round trip of 4 bytes between two processes over two pipes, both pinned to CPU 0 " +
        "(`taskset -c 0`): two writes, two reads and two wake-ups of a sleeping process.",
    },
    calls: {
      label: "getppid() calls",
      unit: "",
      compare: false,
      setting: true,
      description: "Calls perf executed, `--loop` of `perf bench syscall basic`.",
    },
    roundTrips: {
      label: "Pipe round trips",
      unit: "",
      compare: false,
      setting: true,
      description: "Round trips perf executed, `--loop` of `perf bench sched pipe`.",
    },
  },
});
