import { ParseError } from "../../core/errors.ts";
import { countAbove, histogramQuantile, mergeHistograms, type LatencyHistogram } from "../../stats/histogram.ts";
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

/** Per-thread or overall figures of one histogram; `censored` names the figures that fell beyond its end. */
function histogramFigures(h: LatencyHistogram, bounds: JitterBounds): { figures: Record<string, number>; censored: string[] } {
  const figures: Record<string, number> = {};
  const censored: string[] = [];
  for (const [name, p] of Object.entries(TAIL_PERCENTILES)) {
    const q = histogramQuantile(h, p);
    figures[name] = q.value;
    if (q.censored) censored.push(name);
  }
  for (const [name, bound] of [["aboveBound1", bounds.bound1Us], ["aboveBound2", bounds.bound2Us]] as const) {
    const above = countAbove(h, bound);
    figures[name] = above.value;
    if (above.censored) censored.push(name);
  }
  return { figures, censored };
}

/**
 * The guide's metrics from one cyclictest output: min, cycle-weighted mean and max of all
 * threads, and with a histogram the tail percentiles and counts above the bounds. Without a
 * histogram (an imported summary) only min, mean and max exist.
 */
export function jitterMetrics(output: CyclictestOutput, bounds: JitterBounds): Record<string, number | string> {
  const samples = output.threads.reduce((a, t) => a + t.cycles, 0);
  if (samples === 0) throw new ParseError("cyclictest measured no wake-ups (C: 0); the run was too short or was stopped at once.");
  const metrics: Record<string, number | string> = {
    threads: output.threads.length,
    samples,
    minUs: Math.min(...output.threads.map((t) => t.min)),
    meanUs: output.threads.reduce((a, t) => a + t.avg * t.cycles, 0) / samples,
    maxUs: Math.max(...output.threads.map((t) => t.max)),
  };
  const overall = overallHistogram(output);
  if (overall) {
    const { figures, censored } = histogramFigures(overall, bounds);
    Object.assign(metrics, figures, { histogramUs: overall.counts.length, censored: censored.length > 0 ? censored.join(",") : "none" });
  }
  return metrics;
}

const latency = (label: string, description: string, compare = true): MetricDefinition => ({ label, unit: "µs", direction: "lower", compare, description });

/** The metric definitions of the jitter guide. */
export const JITTER_METRICS: Record<string, MetricDefinition> = {
  // p99 first: the headline (tables, "Compare your run"); jitter is about the tail, not the median.
  p99Us: latency("p99 wake-up latency", "99% of wake-ups, all threads together, were at most this late."),
  p50Us: latency("Median wake-up latency", "Half of all wake-ups were at most this late."),
  p999Us: latency("p99.9 wake-up latency", "99.9% of wake-ups were at most this late."),
  p9999Us: latency("p99.99 wake-up latency", "99.99% of wake-ups were at most this late: one in ten thousand was later."),
  maxUs: latency("Max wake-up latency", "The latest single wake-up of the run, all threads."),
  meanUs: latency("Mean wake-up latency", "Mean of all wake-ups, weighted by each thread's count (cyclictest rounds each thread's mean to 1 µs)."),
  minUs: latency("Min wake-up latency", "The earliest wake-up of the run.", false),
  aboveBound1: { label: "Wake-ups above bound 1", unit: "samples", direction: "lower", compare: true, description: "Wake-ups later than the first bound (`bound1Us`, 100 µs by default)." },
  aboveBound2: { label: "Wake-ups above bound 2", unit: "samples", direction: "lower", compare: true, description: "Wake-ups later than the second bound (`bound2Us`, 1 ms by default)." },
  samples: { label: "Wake-ups measured", unit: "samples", compare: false, description: "All wake-ups of all threads, histogram overflows included." },
  threads: { label: "Measuring threads", unit: "", compare: false, description: "cyclictest threads, one per vCPU seen inside the workload." },
  censored: { label: "Beyond the histogram", unit: "", compare: false, description: "Figures whose rank fell among the histogram's overflows (then the value is the histogram's end, a lower bound), or `none`." },
  histogramUs: { label: "Histogram range", unit: "µs", compare: false, setting: true, description: "`--histogram` buckets of 1 µs the run kept." },
  intervalUs: { label: "Interval", unit: "µs", compare: false, setting: true, description: "`--interval`: how often each thread asks to be woken." },
  priority: { label: "Priority", unit: "", compare: false, setting: true, description: "SCHED_FIFO priority of the measuring threads; 0 means SCHED_OTHER (no real-time priority)." },
  bound1Us: { label: "Bound 1", unit: "µs", compare: false, setting: true, description: "First bound of the above-bound counts." },
  bound2Us: { label: "Bound 2", unit: "µs", compare: false, setting: true, description: "Second bound of the above-bound counts." },
  load: { label: "Load", unit: "", compare: false, setting: true, description: "`none`, or `cpu` when sysbench cpu loaded every vCPU during the measurement." },
};
