import { mean, sampleSd, type Interval } from "./descriptive.ts";
import { welch, welchInterval } from "./welch.ts";

/** Which way is better for a metric. */
export type Direction = "higher" | "lower";

/**
 * The answer to "is the candidate within ±threshold of the baseline?":
 * - `equivalent`: the 90% interval of the difference lies inside ±threshold (TOST at 5%);
 * - `better` / `worse`: the whole 90% interval lies beyond the threshold on that side;
 * - `inconclusive`: the interval straddles a threshold; the hint says what would settle it.
 */
export type Verdict = "equivalent" | "better" | "worse" | "inconclusive";

export interface CompareOptions {
  direction: Direction;
  /** Acceptance threshold in percent of the baseline mean (5 = ±5%). */
  thresholdPercent: number;
  /** Significance level of each one-sided test (0.05 → the 90% interval). */
  alpha?: number;
}

/** A candidate sample against the baseline sample of the same metric. */
export interface Comparison {
  nBaseline: number;
  nCandidate: number;
  /** (mean candidate − mean baseline) / mean baseline × 100. */
  deltaPercent: number;
  /** 95% Welch interval of the difference, in percent of the baseline mean. */
  ci95Percent: Interval;
  /** The (1 − 2α) interval used by the equivalence test, in percent. */
  tostIntervalPercent: Interval;
  /** Welch two-sided p-value of "no difference". */
  pValue: number;
  verdict: Verdict;
  /** One sentence that explains the verdict, and for `inconclusive` what would settle it. */
  hint: string;
}

function toPercent(interval: Interval, base: number): Interval {
  return { low: (interval.low / base) * 100, high: (interval.high / base) * 100, level: interval.level };
}

/** Runs per runtime that would make the TOST interval fit inside the threshold band (z approximation). */
export function runsNeeded(pooledSdPercent: number, deltaPercent: number, thresholdPercent: number): number | undefined {
  const room = thresholdPercent - Math.abs(deltaPercent);
  if (!(room > 0) || !Number.isFinite(pooledSdPercent)) return undefined;
  return Math.max(3, Math.ceil(2 * ((1.645 * pooledSdPercent) / room) ** 2));
}

/**
 * Compares `candidate` with `baseline`: percent difference, 95% Welch interval, and the
 * direction-aware equivalence verdict. The percent interval divides the interval of the
 * difference by the baseline mean (the baseline mean's own uncertainty is not propagated).
 */
export function compare(baseline: readonly number[], candidate: readonly number[], options: CompareOptions): Comparison {
  const alpha = options.alpha ?? 0.05;
  const theta = options.thresholdPercent;
  const base = mean(baseline);
  const nBaseline = baseline.length;
  const nCandidate = candidate.length;
  const deltaPercent = ((mean(candidate) - base) / base) * 100;
  const nan: Interval = { low: Number.NaN, high: Number.NaN, level: 0.95 };
  if (nBaseline < 2 || nCandidate < 2) {
    return {
      nBaseline, nCandidate, deltaPercent, ci95Percent: nan, tostIntervalPercent: { ...nan, level: 1 - 2 * alpha },
      pValue: Number.NaN, verdict: "inconclusive", hint: "at least 2 runs per runtime are needed for an interval",
    };
  }
  const w = welch(baseline, candidate);
  const ci95Percent = toPercent(welchInterval(w, 0.95), base);
  const tost = toPercent(welchInterval(w, 1 - 2 * alpha), base);
  // In "gain" terms a positive number is always an improvement, whatever the metric's direction.
  const sign = options.direction === "higher" ? 1 : -1;
  const gainLow = Math.min(sign * tost.low, sign * tost.high);
  const gainHigh = Math.max(sign * tost.low, sign * tost.high);
  let verdict: Verdict;
  let hint: string;
  if (gainLow > -theta && gainHigh < theta) {
    verdict = "equivalent";
    hint = `the ${Math.round(tost.level * 100)}% interval lies within ±${theta}% of the baseline`;
  } else if (gainLow >= theta) {
    verdict = "better";
    hint = `the whole ${Math.round(tost.level * 100)}% interval is more than ${theta}% better than the baseline`;
  } else if (gainHigh <= -theta) {
    verdict = "worse";
    hint = `the whole ${Math.round(tost.level * 100)}% interval is more than ${theta}% worse than the baseline`;
  } else {
    verdict = "inconclusive";
    const pooled = (Math.sqrt((sampleSd(baseline) ** 2 + sampleSd(candidate) ** 2) / 2) / Math.abs(base)) * 100;
    const needed = runsNeeded(pooled, deltaPercent, theta);
    const more = needed !== undefined && needed > Math.min(nBaseline, nCandidate) ? `more runs needed (about ${needed} per runtime at this variation)` : "more runs needed";
    if (gainLow > -theta) hint = `not worse than the −${theta}% threshold, possibly more than ${theta}% better: ${more}`;
    else if (gainHigh < theta) hint = `possibly worse than the −${theta}% threshold: ${more}`;
    else hint = `the interval is wider than the ±${theta}% band: ${more}`;
  }
  return { nBaseline, nCandidate, deltaPercent, ci95Percent, tostIntervalPercent: tost, pValue: w.pValue, verdict, hint };
}
