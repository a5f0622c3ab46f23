import { type LatencyHistogram, mergeHistograms } from "../../stats/histogram.ts";
import type { RuntimeDistribution } from "./ccdf-chart.ts";
import { parseCyclictest } from "./parse-cyclictest.ts";

/** One measuring thread of one runtime, its runs pooled. */
export interface ThreadDistribution {
  runtime: string;
  thread: number;
  histogram: LatencyHistogram;
  /** The earliest and latest wake-up of that thread over all runs, µs (exact, unlike the histogram's end). */
  min: number;
  max: number;
  /** Mean over all runs, weighted by each run's wake-ups (cyclictest rounds each run's mean to 1 µs). */
  mean: number;
}

/**
 * The jitter guide's distributions from what cyclictest printed in the main runs (the
 * histograms are the measurement; the stored metrics are derived from them): pooled per
 * runtime for the chart, and per thread.
 */
export function jitterDistributions(
  runs: ReadonlyArray<{ runtime: string; output: string }>,
  runtimes: readonly string[],
): { runtimes: RuntimeDistribution[]; threads: ThreadDistribution[] } {
  const perThread = new Map<
    string,
    {
      runtime: string;
      thread: number;
      histograms: LatencyHistogram[];
      min: number;
      max: number;
      sum: number;
      cycles: number;
    }
  >();
  for (const m of runs) {
    for (const t of parseCyclictest(m.output).threads) {
      if (!t.histogram) continue;
      const key = `${m.runtime}/${t.thread}`;
      const entry = perThread.get(key) ?? {
        runtime: m.runtime,
        thread: t.thread,
        histograms: [],
        min: Infinity,
        max: 0,
        sum: 0,
        cycles: 0,
      };
      entry.histograms.push(t.histogram);
      entry.min = Math.min(entry.min, t.min);
      entry.max = Math.max(entry.max, t.max);
      entry.sum += t.avg * t.cycles;
      entry.cycles += t.cycles;
      perThread.set(key, entry);
    }
  }
  const threads = [...perThread.values()]
    .map((e) => ({
      runtime: e.runtime,
      thread: e.thread,
      histogram: mergeHistograms(e.histograms),
      min: e.min,
      max: e.max,
      mean: e.sum / e.cycles,
    }))
    .sort((a, b) => runtimes.indexOf(a.runtime) - runtimes.indexOf(b.runtime) || a.thread - b.thread);
  const pooled = runtimes
    .map((runtime) => ({
      runtime,
      histogram: mergeHistograms(threads.filter((t) => t.runtime === runtime).map((t) => t.histogram)),
    }))
    .filter((d) => d.histogram.counts.length > 0);
  return { runtimes: pooled, threads };
}
