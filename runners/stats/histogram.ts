/**
 * Statistics of a latency histogram with 1-unit buckets, as cyclictest prints it: bucket `i`
 * counts the samples whose value, truncated to a whole microsecond, is `i`; samples at or
 * beyond the last bucket are only counted as overflows, their values unknown.
 */
export interface LatencyHistogram {
  /** Sample counts by bucket; `counts[i]` is the number of samples of `i` µs. */
  counts: readonly number[];
  /** Samples at or above `counts.length` µs. */
  overflow: number;
}

/**
 * A value read from a histogram; `censored` when it lies among the overflows, so `value` (the
 * histogram's end) is only a lower bound.
 */
export interface HistogramValue {
  value: number;
  censored: boolean;
}

/** All samples, overflows included: percentiles are ranks among all of them, not only the binned ones. */
export function histogramTotal(h: LatencyHistogram): number {
  let total = h.overflow;
  for (const c of h.counts) total += c;
  return total;
}

/**
 * The p-quantile (0 < p ≤ 1) by nearest rank: the smallest bucket whose cumulative count
 * reaches ⌈p·N⌉. Latencies are whole microseconds, so interpolating between buckets would
 * invent precision the tool did not measure.
 */
export function histogramQuantile(h: LatencyHistogram, p: number): HistogramValue {
  const total = histogramTotal(h);
  if (total === 0 || !(p > 0 && p <= 1)) return { value: Number.NaN, censored: false };
  const rank = Math.ceil(p * total);
  let cumulative = 0;
  for (let i = 0; i < h.counts.length; i++) {
    cumulative += h.counts[i]!;
    if (cumulative >= rank) return { value: i, censored: false };
  }
  return { value: h.counts.length, censored: true };
}

/**
 * Samples strictly above `bound` µs. Exact while `bound` lies inside the histogram (every
 * overflow is above it); beyond the histogram's end the overflows cannot be split, so the
 * count is censored (an upper bound), unless there are none.
 */
export function countAbove(h: LatencyHistogram, bound: number): HistogramValue {
  if (bound >= h.counts.length - 1)
    return { value: h.overflow, censored: h.overflow > 0 && bound > h.counts.length - 1 };
  let count = h.overflow;
  for (let i = Math.floor(bound) + 1; i < h.counts.length; i++) count += h.counts[i]!;
  return { value: count, censored: false };
}

/** Sums histograms of the same bucket width, e.g. the threads of one run or the runs of one runtime. */
export function mergeHistograms(histograms: readonly LatencyHistogram[]): LatencyHistogram {
  const length = Math.max(0, ...histograms.map((h) => h.counts.length));
  const counts = new Array<number>(length).fill(0);
  let overflow = 0;
  for (const h of histograms) {
    for (const [i, c] of h.counts.entries()) counts[i]! += c;
    overflow += h.overflow;
  }
  // A shorter histogram's overflows may fall inside a longer one's range; only what all share is exact.
  const shortest = Math.min(...histograms.map((h) => h.counts.length));
  if (histograms.length > 0 && shortest < length) {
    const extra = counts.slice(shortest).reduce((a, b) => a + b, 0);
    return { counts: counts.slice(0, shortest), overflow: overflow + extra };
  }
  return { counts, overflow };
}

/** One point of the complementary CDF: the fraction of samples above `latency` µs. */
export interface CcdfPoint {
  latency: number;
  fraction: number;
}

/**
 * The complementary CDF, P(latency > x), at every non-empty bucket: the tail view a
 * log-scale chart needs (1e-4 is the p99.99 line). Stops at the histogram's end.
 */
export function ccdf(h: LatencyHistogram): CcdfPoint[] {
  const total = histogramTotal(h);
  if (total === 0) return [];
  const points: CcdfPoint[] = [];
  let above = total;
  for (let i = 0; i < h.counts.length; i++) {
    if (h.counts[i] === 0) continue;
    above -= h.counts[i]!;
    points.push({ latency: i, fraction: above / total });
  }
  return points;
}
