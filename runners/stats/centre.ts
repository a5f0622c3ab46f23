import type { Describe, Interval } from "./descriptive.ts";

/**
 * The one kind of mean a metric's figures show, in every table, chart and export: the geometric
 * mean, whose ratio is the Δ beside it, unless a run measured zero or less (then there is no
 * ratio, and the arithmetic mean is shown, named as such).
 */
export type MeanKind = "geometric mean" | "mean";

/** A runtime's typical value of one kind, with its 95% interval. */
export interface Centre {
  kind: MeanKind;
  value: number;
  ci95: Interval;
}

/** The kind of mean of a metric, from every runtime's runs: geometric when every run measured above zero. */
export function meanKind(samples: ReadonlyArray<{ values: readonly number[] }>): MeanKind {
  return samples.every((s) => s.values.every((v) => v > 0)) ? "geometric mean" : "mean";
}

/** The kind of mean of `metric`, across its storage modes: a guide's table, export or chart of it shows one. */
export function metricMeanKind(
  summaries: ReadonlyArray<{ metric: string; runtimes: ReadonlyArray<{ values: readonly number[] }> }>,
  metric: string,
): MeanKind {
  return meanKind(summaries.filter((s) => s.metric === metric).flatMap((s) => s.runtimes));
}

/** A runtime's mean of `kind`, with its 95% interval. */
export function centre(stats: Describe, kind: MeanKind): Centre {
  return kind === "geometric mean"
    ? { kind, value: stats.geometricMean, ci95: stats.geometricCi95 }
    : { kind, value: stats.mean, ci95: stats.ci95 };
}
