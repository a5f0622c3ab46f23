import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1 denominator); NaN below two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}

/** Coefficient of variation, sd / |mean|, as a fraction (0.02 = 2%). */
export function coefficientOfVariation(values: readonly number[]): number {
  return sampleSd(values) / Math.abs(mean(values));
}

/** The p-quantile (0..1) with linear interpolation between order statistics (R's type 7, NumPy's default). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** A two-sided interval at `level` (0.95 = 95%). */
export interface Interval {
  low: number;
  high: number;
  level: number;
}

/** Student-t interval of the mean; NaN bounds below two values. */
export function meanInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { low: Number.NaN, high: Number.NaN, level };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sampleSd(values) / Math.sqrt(n));
  return { low: m - half, high: m + half, level };
}

/** Geometric mean, the mean a ratio of two samples compares; NaN for no values or any value at or below zero. */
export function geometricMean(values: readonly number[]): number {
  return values.every((v) => v > 0) ? Math.exp(mean(values.map(Math.log))) : Number.NaN;
}

/** Student-t interval of the geometric mean (of the logs, taken back); NaN bounds as `geometricMean`'s. */
export function geometricMeanInterval(values: readonly number[], level = 0.95): Interval {
  if (!values.every((v) => v > 0)) return { low: Number.NaN, high: Number.NaN, level };
  const logs = meanInterval(values.map(Math.log), level);
  return { low: Math.exp(logs.low), high: Math.exp(logs.high), level };
}

/** Descriptive statistics of one sample, as shown in every results table. */
export interface Describe {
  n: number;
  mean: number;
  sd: number;
  /** sd / |mean|, as a fraction. */
  cv: number;
  min: number;
  max: number;
  ci95: Interval;
  /** NaN when a value is at or below zero. */
  geometricMean: number;
  geometricCi95: Interval;
}

/** n, mean, sd, CV, range, the 95% interval of the mean, and the geometric mean with its own. */
export function describe(values: readonly number[]): Describe {
  return {
    n: values.length,
    mean: mean(values),
    sd: sampleSd(values),
    cv: coefficientOfVariation(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    ci95: meanInterval(values, 0.95),
    geometricMean: geometricMean(values),
    geometricCi95: geometricMeanInterval(values, 0.95),
  };
}
