import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { geometricMean, mean, sampleSd } from "./descriptive.ts";
import type { PublishedSide } from "./reader-verdict.ts";

/**
 * The published side of a reader comparison on the log scale: a 95% prediction interval for
 * the geometric mean of k new runs from the published distribution (Student t, n − 1 degrees of
 * freedom, half-width t·s·√(1/k + 1/n) on the log values, so it never goes below zero). The
 * site computes it at build time, for one run, so that the browser needs no t distribution.
 */
export function publishedSide(published: readonly number[], k: number): PublishedSide {
  const n = published.length;
  const positive = published.every((v) => v > 0);
  const m = positive ? geometricMean(published) : mean(published);
  const half =
    n >= 2 && positive
      ? tQuantile(0.975, n - 1) * sampleSd(published.map(Math.log)) * Math.sqrt(1 / k + 1 / n)
      : Number.NaN;
  return {
    n,
    mean: m,
    sd: sampleSd(published),
    prediction: { low: m * Math.exp(-half), high: m * Math.exp(half), level: 0.95 },
  };
}
