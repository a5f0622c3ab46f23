// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { defineGuide, type StepContext } from "../define-guide.ts";
import { SYSBENCH_TOOL } from "../tool-output/sysbench-metrics.ts";
import { JITTER_METRICS, jitterMetrics, skippedWakeups } from "./metrics.ts";
import { parseCyclictest } from "./parse-cyclictest.ts";
import { censoredWarnings } from "./warnings.ts";

/** Parameters of the jitter guide. */
export const JitterParametersSchema = z
  .object({
    durationSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(30)
      .describe("Length of one run in seconds, cyclictest `--duration`, e.g. `30`."),
    intervalUs: z
      .number()
      .int()
      .min(50)
      .max(1_000_000)
      .default(1000)
      .describe("How often each thread asks to be woken, in µs, cyclictest `--interval`, e.g. `1000`."),
    priority: z
      .number()
      .int()
      .min(0)
      .max(99)
      .default(95)
      .describe(
        "SCHED_FIFO priority of the measuring threads, e.g. `95`; `0` measures under SCHED_OTHER (no real-time " +
          "priority).",
      ),
    histogramUs: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .default(5000)
      .describe(
        "Histogram range in 1 µs buckets, cyclictest `--histogram`, e.g. `5000`; later wake-ups are only counted.",
      ),
    bound1Us: z.number().int().min(1).default(100).describe("Count wake-ups later than this many µs, e.g. `100`."),
    bound2Us: z.number().int().min(1).default(1000).describe("Count wake-ups later than this many µs, e.g. `1000`."),
    load: z
      .enum(["none", "cpu"])
      .default("none")
      .describe("`cpu`: run the CPU guide's sysbench on every vCPU while measuring; `none`: an idle workload."),
  })
  .refine((p) => p.bound1Us < p.histogramUs && p.bound2Us < p.histogramUs, {
    message: "bound1Us and bound2Us must lie inside the histogram (below histogramUs)",
  });

export type JitterParameters = z.output<typeof JitterParametersSchema>;

/**
 * The cyclictest command: one thread per vCPU, all at the same interval, histogram kept, the
 * power-management knob left alone.
 */
export function cyclictestArgv(p: JitterParameters & { threads: number }): string[] {
  return [
    "cyclictest",
    "--quiet",
    `--threads=${p.threads}`,
    "--affinity",
    "--distance=0",
    p.priority > 0 ? `--priority=${p.priority}` : "--priority=0",
    p.priority > 0 ? "--policy=fifo" : "--policy=other",
    `--interval=${p.intervalUs}`,
    `--duration=${p.durationSeconds}`,
    `--histogram=${p.histogramUs}`,
    // Without it cyclictest pins /dev/cpu_dma_latency to 0 on a host but cannot in a container: the two would differ.
    "--laptop",
  ];
}

/** The step's command; with load, sysbench cpu occupies every vCPU until cyclictest ends. */
export function jitterArgv(p: JitterParameters & { threads: number }): string[] {
  const cyclictest = cyclictestArgv(p);
  if (p.load === "none") return cyclictest;
  const script =
    `sysbench cpu --threads=${p.threads} --time=0 run >/dev/null 2>&1 & load=$!; ` +
    `${cyclictest.join(" ")}; status=$?; kill $load; wait $load 2>/dev/null; exit $status`;
  return ["sh", "-c", script];
}

/** The seconds a recorded cyclictest command ran for: Parity writes `--duration=N`, in whole seconds. */
function durationOf(command: string | undefined): number | undefined {
  const m = command?.match(/(?:^|\s)--duration=(\d+)(?=\s|;|$)/);
  return m ? Number(m[1]) : undefined;
}

function parseJitter(output: string, context: StepContext = {}): Record<string, number | string> {
  const p = JitterParametersSchema.parse(context.params ?? {});
  const parsed = parseCyclictest(output);
  const intervalUs = parsed.threads[0]?.interval ?? p.intervalUs;
  // Only a Parity run knows its duration (a raw log names it in its command); a hand-run output's
  // skipped wake-ups cannot be counted.
  const duration = context.ran ? p.durationSeconds : durationOf(context.command);
  const skipped = duration !== undefined ? skippedWakeups(parsed, duration, intervalUs) : undefined;
  // What the output itself says wins (an imported run may differ from the defaults); a Parity run
  // prints no summary lines.
  return {
    ...jitterMetrics(parsed, p, skipped),
    intervalUs,
    priority: parsed.threads[0]?.priority ?? p.priority,
    bound1Us: p.bound1Us,
    bound2Us: p.bound2Us,
    load: p.load,
  };
}

/** Scheduling latency with cyclictest: how late a thread that asked to wake every interval really woke. */
export const jitterGuide = defineGuide({
  id: "jitter",
  // 2: skipped wake-ups are counted and enter the tail figures as lower bounds.
  version: 2,
  title: "Latency jitter (cyclictest)",
  summary:
    "How late a thread that asked to be woken every millisecond really wakes, on every vCPU: the whole distribution " +
    "and its tail, idle or under CPU load.",
  fixtures: "cyclictest",
  tools: [{ binary: "cyclictest", debianPackage: "rt-tests", versionArgv: ["cyclictest", "--help"] }, SYSBENCH_TOOL],
  parameters: JitterParametersSchema,
  quick: { durationSeconds: 2, histogramUs: 2000 },
  estimateSeconds: (p) => p.durationSeconds + 0.5,
  realtime: true,
  steps: [
    {
      id: "cyclictest",
      title: "Run cyclictest with one thread per vCPU and keep its histogram",
      argv: (p) => jitterArgv(p),
      parse: parseJitter,
      hint: (stderr) =>
        /Unable to change scheduling policy/.test(stderr)
          ? "cyclictest will not start without permission to use real-time scheduling, even with --priority=0: give " +
            "the workload CAP_SYS_NICE (Parity's runc container and jitter pods get exactly that) and, on cgroup v1 " +
            "with RT group scheduling, a real-time budget (cpu.rt_runtime_us). See the jitter guide's page."
          : undefined,
    },
  ],
  metrics: JITTER_METRICS,
  warnings: censoredWarnings,
});
