import { describe, expect, it } from "vitest";
import { quantile } from "../../runners/stats/descriptive.ts";
import { ccdf, countAbove, histogramQuantile, histogramTotal, mergeHistograms } from "../../runners/stats/histogram.ts";

/** A histogram of whole-microsecond samples, as cyclictest bins them. */
function binned(samples: number[], size: number) {
  const counts = new Array<number>(size).fill(0);
  let overflow = 0;
  for (const s of samples)
    if (s < size) counts[Math.floor(s)]!++;
    else overflow++;
  return { counts, overflow };
}

describe("histogram percentiles (nearest rank)", () => {
  it("reads a uniform distribution 0..999 µs exactly", () => {
    const h = binned(
      Array.from({ length: 1000 }, (_, i) => i),
      1000,
    );
    expect(histogramQuantile(h, 0.5)).toEqual({ value: 499, censored: false });
    expect(histogramQuantile(h, 0.99)).toEqual({ value: 989, censored: false });
    expect(histogramQuantile(h, 0.999)).toEqual({ value: 998, censored: false });
    expect(histogramQuantile(h, 1)).toEqual({ value: 999, censored: false });
  });

  it("agrees with the order statistic of the raw samples for a skewed, heavy-tailed distribution", () => {
    // Deterministic geometric-like latencies: most near 10 µs, a tail to a few hundred.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const samples = Array.from({ length: 100_000 }, () => Math.floor(10 - 20 * Math.log(1 - next())));
    const h = binned(samples, 5000);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const p of [0.5, 0.9, 0.99, 0.999, 0.9999]) {
      // Nearest rank: the ⌈pN⌉-th smallest sample.
      expect(histogramQuantile(h, p).value).toBe(sorted[Math.ceil(p * samples.length) - 1]);
      // Within one bucket of the interpolated sample quantile.
      expect(Math.abs(histogramQuantile(h, p).value - quantile(samples, p))).toBeLessThanOrEqual(1);
    }
  });

  it("counts overflows in the total, so a tail among them is reported censored at the histogram's end", () => {
    // 990 samples at 5 µs, 10 beyond a 100 µs histogram: p99 is inside, p99.9 among the overflows.
    const h = { counts: Object.assign(new Array<number>(100).fill(0), { 5: 990 }), overflow: 10 };
    expect(histogramTotal(h)).toBe(1000);
    expect(histogramQuantile(h, 0.99)).toEqual({ value: 5, censored: false });
    expect(histogramQuantile(h, 0.999)).toEqual({ value: 100, censored: true });
  });

  it("returns NaN for an empty histogram or an out-of-range p", () => {
    expect(histogramQuantile({ counts: [0, 0], overflow: 0 }, 0.5).value).toBeNaN();
    expect(histogramQuantile({ counts: [1], overflow: 0 }, 0).value).toBeNaN();
  });
});

describe("countAbove", () => {
  const h = binned([1, 50, 100, 101, 150, 999, 2000, 3000], 1000);

  it("counts samples strictly above a bound, overflows included", () => {
    expect(countAbove(h, 100)).toEqual({ value: 5, censored: false });
    expect(countAbove(h, 999)).toEqual({ value: 2, censored: false });
  });

  it("marks a bound beyond the histogram as censored (overflows cannot be split)", () => {
    expect(countAbove(h, 1500)).toEqual({ value: 2, censored: true });
    expect(countAbove(binned([1, 2], 10), 1500)).toEqual({ value: 0, censored: false });
  });
});

describe("mergeHistograms and ccdf", () => {
  it("adds threads bucket by bucket and keeps only the range all share", () => {
    const merged = mergeHistograms([binned([1, 2, 2], 4), binned([2, 5, 9], 10)]);
    expect(merged).toEqual({ counts: [0, 1, 3, 0], overflow: 2 });
  });

  it("gives P(latency > x) at each non-empty bucket", () => {
    expect(ccdf(binned([1, 1, 2, 7], 8))).toEqual([
      { latency: 1, fraction: 0.5 },
      { latency: 2, fraction: 0.25 },
      { latency: 7, fraction: 0 },
    ]);
  });
});
