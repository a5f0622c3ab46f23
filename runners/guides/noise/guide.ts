// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { ParseError } from "../../core/errors.ts";
import { defineGuide, type MetricDefinition, type StepContext } from "../define-guide.ts";
import { type OslatOutput, parseOslat } from "./parse-oslat.ts";

/** Parameters of the OS-noise guide. */
export const NoiseParametersSchema = z
  .object({
    durationSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(30)
      .describe("Length of one run in seconds, oslat `--duration`, e.g. `30`."),
    buckets: z
      .number()
      .int()
      .min(4)
      .max(1024)
      .default(1024)
      .describe(
        "Histogram buckets of 1 µs, oslat `--bucket-size`, e.g. `1024`; longer interruptions are counted in the last " +
          "one.",
      ),
    bound1Us: z.number().int().min(1).default(10).describe("Count interruptions of at least this many µs, e.g. `10`."),
    bound2Us: z
      .number()
      .int()
      .min(1)
      .default(100)
      .describe("Count interruptions of at least this many µs, e.g. `100`."),
  })
  .refine((p) => p.bound1Us < p.buckets && p.bound2Us < p.buckets, {
    message: "bound1Us and bound2Us must lie inside the histogram (below buckets)",
  });

export type NoiseParameters = z.output<typeof NoiseParametersSchema>;

/**
 * The oslat command: one busy-polling thread per vCPU at normal priority. oslat locks its
 * memory (mlockall); an unprivileged workload may lock 8 MiB, so thread stacks are cut to
 * 1 MiB first. The arguments reach oslat through "$@", never re-parsed by the shell.
 */
export function oslatArgv(p: NoiseParameters & { threads: number }): string[] {
  return [
    "sh",
    "-c",
    'ulimit -s 1024 && exec "$@"',
    "oslat",
    "oslat",
    `--duration=${p.durationSeconds}`,
    `--cpu-list=0-${p.threads - 1}`,
    `--bucket-size=${p.buckets}`,
  ];
}

/** Loop iterations of at least `boundUs` µs, all threads: buckets past the bound (bucket k holds [k − 1, k) µs). */
function countFrom(output: OslatOutput, boundUs: number): number {
  let n = 0;
  for (const t of output.threads) for (const [k, count] of t.buckets) if (k - 1 >= boundUs) n += count;
  return n;
}

/**
 * The guide's metrics from one oslat output; rates are per second of one CPU, so runs of any length
 * and width compare.
 */
export function noiseMetrics(
  output: OslatOutput,
  p: Pick<NoiseParameters, "bound1Us" | "bound2Us">,
): Record<string, number | string> {
  const cpuSeconds = output.threads.reduce((a, t) => a + t.durationSeconds, 0);
  if (!(cpuSeconds > 0)) throw new ParseError("oslat reports a duration of 0 s: the run was stopped at once.");
  let lostUs = 0;
  for (const t of output.threads)
    for (const [k, count] of t.buckets) if (k - 1 >= p.bound1Us) lostUs += count * (k - 0.5);
  return {
    aboveBound1PerSecond: countFrom(output, p.bound1Us) / cpuSeconds,
    aboveBound2PerSecond: countFrom(output, p.bound2Us) / cpuSeconds,
    lostPercent: (lostUs / 1e6 / cpuSeconds) * 100,
    maxUs: Math.max(...output.threads.map((t) => t.max)),
    threads: output.threads.length,
    histogramUs: output.lastBucket,
    priority: output.priority,
    toolVersion: output.version,
    bound1Us: p.bound1Us,
    bound2Us: p.bound2Us,
  };
}

function parseNoise(output: string, context: StepContext = {}): Record<string, number | string> {
  const p = NoiseParametersSchema.parse(context.params ?? {});
  return noiseMetrics(parseOslat(output), p);
}

const rate = (label: string, description: string): MetricDefinition => ({
  label,
  unit: "per s per CPU",
  direction: "lower",
  compare: true,
  description,
});

/**
 * OS noise with oslat: how often, and for how long, a thread that never yields the CPU is
 * interrupted. It needs no real-time priority, so it runs alike in every runtime, gVisor
 * included: the jitter guide's counterpart for runtimes where cyclictest cannot run.
 */
export const noiseGuide = defineGuide({
  id: "noise",
  version: 1,
  title: "OS noise (oslat, normal priority)",
  summary:
    "How often a busy-polling thread on every vCPU is interrupted, and for how long, at normal priority: the jitter " +
    "guide's variant that runs in every runtime.",
  fixtures: "oslat",
  tools: [{ binary: "oslat", debianPackage: "rt-tests", versionArgv: ["oslat", "--version"] }],
  parameters: NoiseParametersSchema,
  quick: { durationSeconds: 2 },
  // oslat pre-heats the CPUs for a second before it measures.
  estimateSeconds: (p) => p.durationSeconds + 1.5,
  steps: [
    {
      id: "oslat",
      title: "Run oslat with one busy-polling thread per vCPU at normal priority",
      argv: (p) => oslatArgv(p),
      parse: parseNoise,
    },
  ],
  metrics: {
    aboveBound1PerSecond: {
      primary: true,
      ...rate(
        "Interruptions ≥ bound 1",
        "Loop iterations that took at least `bound1Us` (10 µs by default): interruptions by the kernel, the runtime " +
          "or a neighbour, per second of one CPU.",
      ),
    },
    aboveBound2PerSecond: rate(
      "Interruptions ≥ bound 2",
      "Loop iterations that took at least `bound2Us` (100 µs by default), per second of one CPU.",
    ),
    lostPercent: {
      label: "Time lost to interruptions",
      unit: "%",
      direction: "lower",
      compare: true,
      description:
        "Share of the measuring threads' time spent in interruptions of at least `bound1Us`, from the histogram's " +
        "bucket midpoints (the last bucket counts at its start, so this is a lower bound when interruptions " +
        "overflow it).",
    },
    maxUs: {
      label: "Longest interruption",
      unit: "µs",
      direction: "lower",
      compare: false,
      description: "The longest single interruption of any thread: one event decides it, so it is shown, not compared.",
    },
    threads: {
      label: "Measuring threads",
      unit: "",
      compare: false,
      description: "oslat threads, one per vCPU seen inside the workload.",
    },
    histogramUs: {
      label: "Histogram range",
      unit: "µs",
      compare: false,
      setting: true,
      description: "`--bucket-size` buckets of 1 µs; the last also counts every longer interruption.",
    },
    priority: {
      label: "Priority",
      unit: "",
      compare: false,
      setting: true,
      description: "oslat's thread priority: `default` (SCHED_OTHER, what this guide runs) or a SCHED_FIFO level.",
    },
    toolVersion: { label: "oslat version", unit: "", compare: false, description: "Version from oslat's banner." },
    bound1Us: {
      label: "Bound 1",
      unit: "µs",
      compare: false,
      setting: true,
      description: "First bound of the interruption counts.",
    },
    bound2Us: {
      label: "Bound 2",
      unit: "µs",
      compare: false,
      setting: true,
      description: "Second bound of the interruption counts.",
    },
  },
});
