import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { type Interval, mean, sampleSd } from "./descriptive.ts";

/** Welch's unequal-variance t-test of mean(b) − mean(a). */
export interface WelchResult {
  /** mean(b) − mean(a), in the metric's unit. */
  difference: number;
  /** Standard error of the difference. */
  se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** Sample variances of `a` and `b`. */
  varianceA: number;
  varianceB: number;
}

/** Welch's t-test comparing sample `b` with sample `a` (each at least two values). */
export function welch(a: readonly number[], b: readonly number[]): WelchResult {
  const varianceA = sampleSd(a) ** 2;
  const varianceB = sampleSd(b) ** 2;
  const va = varianceA / a.length;
  const vb = varianceB / b.length;
  const difference = mean(b) - mean(a);
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return {
      difference,
      se,
      df: Number.POSITIVE_INFINITY,
      t: difference === 0 ? 0 : Math.sign(difference) * Infinity,
      pValue: difference === 0 ? 1 : 0,
      varianceA,
      varianceB,
    };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = difference / se;
  return { difference, se, df, t, pValue: 2 * (1 - tCdf(Math.abs(t), df)), varianceA, varianceB };
}

/** The two-sided interval of the difference at `level`, from a Welch result. */
export function welchInterval(result: WelchResult, level: number): Interval {
  if (result.se === 0) return { low: result.difference, high: result.difference, level };
  const half = tQuantile(1 - (1 - level) / 2, result.df) * result.se;
  return { low: result.difference - half, high: result.difference + half, level };
}
