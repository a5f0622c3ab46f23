import { ParseError } from "../../core/errors.ts";
import {
  countAbove,
  histogramQuantile,
  histogramTotal,
  type LatencyHistogram,
  mergeHistograms,
} from "../../stats/histogram.ts";
import type { MetricDefinition } from "../define-guide.ts";
import type { CyclictestOutput } from "./parse-cyclictest.ts";

/** Tail percentiles the guide reports, by metric name. */
export const TAIL_PERCENTILES = { p50Us: 0.5, p99Us: 0.99, p999Us: 0.999, p9999Us: 0.9999 } as const;

/** The bounds a run counts samples above, in µs. */
export interface JitterBounds {
  bound1Us: number;
  bound2Us: number;
}

/** All threads' histograms as one distribution: the overall figures. */
function overallHistogram(output: CyclictestOutput): LatencyHistogram | undefined {
  if (!output.hasHistogram) return undefined;
  return mergeHistograms(output.threads.map((t) => t.histogram!));
}

/**
 * Wake-ups cyclictest skipped: a thread stalled for longer than its interval misses whole
 * periods, which it neither waits for nor counts. Each was at least one interval late.
 */
export interface SkippedWakeups {
  count: number;
  intervalUs: number;
}

/**
 * The histogram with skipped wake-ups placed at one interval, the least they can be: a
 * figure that reaches them is a lower bound (censored), never a value that hides the stall.
 */
function withSkipped(
  h: LatencyHistogram,
  skipped: SkippedWakeups,
): { histogram: LatencyHistogram; knownBelow: number } {
  const counts = [...h.counts];
  let overflow = h.overflow;
  if (skipped.intervalUs < counts.length) counts[skipped.intervalUs] = counts[skipped.intervalUs]! + skipped.count;
  else overflow += skipped.count;
  const knownBelow = h.counts.slice(0, skipped.intervalUs).reduce((a, b) => a + b, 0);
  return { histogram: { counts, overflow }, knownBelow };
}

/** Per-thread or overall figures of one histogram; `censored` names the figures that are only bounds. */
function histogramFigures(
  h: LatencyHistogram,
  bounds: JitterBounds,
  skipped: SkippedWakeups,
): { figures: Record<string, number>; censored: string[] } {
  const { histogram, knownBelow } = withSkipped(h, skipped);
  const total = histogramTotal(histogram);
  const figures: Record<string, number> = {};
  const censored: string[] = [];
  for (const [name, p] of Object.entries(TAIL_PERCENTILES)) {
    const q = histogramQuantile(histogram, p);
    figures[name] = q.value;
    // Past the wake-ups known to be under one interval, the rank may be a skipped one.
    if (q.censored || (skipped.count > 0 && Math.ceil(p * total) > knownBelow)) censored.push(name);
  }
  for (const [name, bound] of [
    ["aboveBound1", bounds.bound1Us],
    ["aboveBound2", bounds.bound2Us],
  ] as const) {
    const above = countAbove(histogram, bound);
    figures[name] = above.value;
    // A bound at or past the interval cannot tell whether a skipped wake-up was later than it.
    if (above.censored || (skipped.count > 0 && bound >= skipped.intervalUs)) censored.push(name);
  }
  return { figures, censored };
}

/** Skipped wake-ups of a run: its threads' expected periods (duration / interval) less those they counted. */
export function skippedWakeups(output: CyclictestOutput, durationSeconds: number, intervalUs: number): SkippedWakeups {
  const expected = Math.floor((durationSeconds * 1e6) / intervalUs);
  return { count: output.threads.reduce((a, t) => a + Math.max(0, expected - t.cycles), 0), intervalUs };
}

/**
 * The guide's metrics from one cyclictest output: min, cycle-weighted mean and max of all
 * threads, and with a histogram the tail percentiles and counts above the bounds. Without a
 * histogram (an imported summary) only min, mean and max exist.
 */
export function jitterMetrics(
  output: CyclictestOutput,
  bounds: JitterBounds,
  skipped?: SkippedWakeups,
): Record<string, number | string> {
  const samples = output.threads.reduce((a, t) => a + t.cycles, 0);
  if (samples === 0)
    throw new ParseError("cyclictest measured no wake-ups (C: 0); the run was too short or was stopped at once.");
  const metrics: Record<string, number | string> = {
    threads: output.threads.length,
    samples,
    minUs: Math.min(...output.threads.map((t) => t.min)),
    meanUs: output.threads.reduce((a, t) => a + t.avg * t.cycles, 0) / samples,
    maxUs: Math.max(...output.threads.map((t) => t.max)),
  };
  const overall = overallHistogram(output);
  if (overall) {
    const { figures, censored } = histogramFigures(overall, bounds, skipped ?? { count: 0, intervalUs: 0 });
    Object.assign(metrics, figures, {
      histogramUs: overall.counts.length,
      ...(skipped ? { skipped: skipped.count } : {}),
      censored: censored.length > 0 ? censored.join(",") : "none",
    });
  }
  return metrics;
}

// cyclictest reports whole microseconds: a 1 µs step on a small latency can exceed the threshold.
const latency = (label: string, description: string, compare = true): MetricDefinition => ({
  label,
  unit: "µs",
  direction: "lower",
  compare,
  description,
  quantum: 1,
});

/** The metric definitions of the jitter guide. */
export const JITTER_METRICS: Record<string, MetricDefinition> = {
  // p99 first: the headline (tables, "Compare your run"); jitter is about the tail, not the median.
  p99Us: {
    ...latency("p99 wake-up latency", "99% of wake-ups, all threads together, were at most this late."),
    primary: true,
  },
  p50Us: latency("Median wake-up latency", "Half of all wake-ups were at most this late."),
  p999Us: latency("p99.9 wake-up latency", "99.9% of wake-ups were at most this late."),
  p9999Us: latency(
    "p99.99 wake-up latency",
    "99.99% of wake-ups were at most this late: one in ten thousand was later.",
  ),
  maxUs: {
    ...latency("Max wake-up latency", "The latest single wake-up of the run, all threads."),
    descriptive: "a maximum: one wake-up decides it",
  },
  meanUs: latency(
    "Mean wake-up latency",
    "Mean of all wake-ups, weighted by each thread's count (cyclictest rounds each thread's mean to 1 µs).",
  ),
  minUs: latency("Min wake-up latency", "The earliest wake-up of the run.", false),
  aboveBound1: {
    label: "Wake-ups above bound 1",
    unit: "samples",
    direction: "lower",
    compare: true,
    quantum: 1,
    description: "Wake-ups later than the first bound (`bound1Us`, 100 µs by default).",
  },
  aboveBound2: {
    label: "Wake-ups above bound 2",
    unit: "samples",
    direction: "lower",
    compare: true,
    quantum: 1,
    description: "Wake-ups later than the second bound (`bound2Us`, 1 ms by default).",
  },
  skipped: {
    label: "Wake-ups skipped",
    unit: "samples",
    compare: false,
    description:
      "Periods a thread missed entirely during a stall (its expected wake-ups, duration / interval, less those it " +
      "counted): each was at least one interval late. The tail figures include them as lower bounds.",
  },
  samples: {
    label: "Wake-ups measured",
    unit: "samples",
    compare: false,
    description: "All wake-ups of all threads, histogram overflows included.",
  },
  threads: {
    label: "Measuring threads",
    unit: "",
    compare: false,
    description: "cyclictest threads, one per vCPU seen inside the workload.",
  },
  censored: {
    label: "Only bounds",
    unit: "",
    compare: false,
    description:
      "Figures whose rank fell among the histogram's overflows (then the value is the histogram's end, a lower " +
      "bound) or among skipped wake-ups (then it is one interval, a lower bound), or `none`.",
  },
  histogramUs: {
    label: "Histogram range",
    unit: "µs",
    compare: false,
    setting: true,
    description: "`--histogram` buckets of 1 µs the run kept.",
  },
  intervalUs: {
    label: "Interval",
    unit: "µs",
    compare: false,
    setting: true,
    description: "`--interval`: how often each thread asks to be woken.",
  },
  priority: {
    label: "Priority",
    unit: "",
    compare: false,
    setting: true,
    description: "SCHED_FIFO priority of the measuring threads; 0 means SCHED_OTHER (no real-time priority).",
  },
  bound1Us: {
    label: "Bound 1",
    unit: "µs",
    compare: false,
    setting: true,
    description: "First bound of the above-bound counts.",
  },
  bound2Us: {
    label: "Bound 2",
    unit: "µs",
    compare: false,
    setting: true,
    description: "Second bound of the above-bound counts.",
  },
  load: {
    label: "Load",
    unit: "",
    compare: false,
    setting: true,
    description: "`none`, or `cpu` when sysbench cpu loaded every vCPU during the measurement.",
  },
};
