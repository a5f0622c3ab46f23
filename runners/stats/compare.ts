import tCdf from "@stdlib/stats-base-dists-t-cdf";
import type { Interval } from "./descriptive.ts";
import { hodgesLehmann } from "./hodges-lehmann.ts";
import { halfWidthPoints } from "./measured-range.ts";
import { welch, welchInterval } from "./welch.ts";

/** Which way is better for a metric. */
export type Direction = "higher" | "lower";

/**
 * The answer to "is the candidate within ±threshold of the baseline?":
 * - `equivalent`: the (1 − 2α) interval of the ratio lies inside ±threshold (TOST at α);
 * - `better` / `worse`: the ratio is beyond the threshold on that side (one-sided test at α);
 * - `inconclusive`: neither can be shown yet; the hint says on which side it is open and how wide it is;
 * - `noise-floor`: the metric's own A/A comparison is not equivalent and the interval does not
 *   clear the noise floor (verdict-rules.ts, gateByNoiseFloor);
 * - `descriptive`: the metric cannot carry a verdict (a maximum, values that are only bounds,
 *   steps as coarse as the threshold, zeros, runs that never vary); shown, not judged.
 */
export type Verdict = "equivalent" | "better" | "worse" | "inconclusive" | "noise-floor" | "descriptive";

export interface CompareOptions {
  direction: Direction;
  /** Acceptance threshold in percent of the baseline (5 = ±5%). */
  thresholdPercent: number;
  /** Significance level of each one-sided test (0.05 → the 90% interval). */
  alpha?: number;
}

/** A candidate sample against the baseline sample of the same metric, on the log scale. */
export interface Comparison {
  nBaseline: number;
  nCandidate: number;
  /** Ratio of geometric means, candidate / baseline, as a percent change: (ratio − 1) × 100. */
  deltaPercent: number;
  /** 95% Welch interval of the log ratio (both samples' uncertainty), as percent changes; never below −100%. */
  ci95Percent: Interval;
  /** The (1 − 2α) interval that decides the verdict, as percent changes. */
  tostIntervalPercent: Interval;
  /** Hodges–Lehmann shift of the log values (the median of all pairwise log ratios), as a percent change. */
  medianDeltaPercent: number;
  /**
   * Its distribution-free (Mann–Whitney) interval at about 95%, as percent changes; NaN when the
   * samples are too small.
   */
  medianIntervalPercent: Interval;
  /** Welch two-sided p-value of "no difference". */
  pValue: number;
  /**
   * p-value of the test behind the leading verdict (equivalence, better or worse): the one
   * multiplicity correction adjusts.
   */
  verdictPValue: number;
  verdict: Verdict;
  /** One sentence that explains the verdict, and for `inconclusive` which side it is open on. */
  hint: string;
}

/** An interval's level as prose gives it: "90%", or "94.7%" at a look of a sequential plan. */
export function levelLabel(i: Pick<Interval, "level">): string {
  return `${Number((i.level * 100).toFixed(1))}%`;
}

const toPercent = (logValue: number) => (Math.exp(logValue) - 1) * 100;
const intervalPercent = (i: Interval): Interval => ({ low: toPercent(i.low), high: toPercent(i.high), level: i.level });

/** One-sided p-value that the log ratio is above `bound` (H0: at or below it). */
function pAbove(estimate: number, se: number, df: number, bound: number): number {
  if (se === 0) return estimate > bound ? 0 : 1;
  return 1 - tCdf((estimate - bound) / se, df);
}

function nanComparison(
  nBaseline: number,
  nCandidate: number,
  verdict: Verdict,
  hint: string,
  alpha: number,
): Comparison {
  const nan = (level: number): Interval => ({ low: Number.NaN, high: Number.NaN, level });
  return {
    nBaseline,
    nCandidate,
    deltaPercent: Number.NaN,
    ci95Percent: nan(0.95),
    tostIntervalPercent: nan(1 - 2 * alpha),
    medianDeltaPercent: Number.NaN,
    medianIntervalPercent: nan(0.95),
    pValue: Number.NaN,
    verdictPValue: Number.NaN,
    verdict,
    hint,
  };
}

/**
 * Compares `candidate` with `baseline` on the log scale: the ratio of geometric means with a
 * Welch interval that carries both samples' uncertainty (so a percent interval can never pass
 * −100%), the Hodges–Lehmann median ratio with its distribution-free interval, and the
 * direction-aware verdict from one-sided tests against ln(1 − θ) and ln(1 + θ).
 */
export function compare(
  baseline: readonly number[],
  candidate: readonly number[],
  options: CompareOptions,
): Comparison {
  const alpha = options.alpha ?? 0.05;
  const theta = options.thresholdPercent;
  const nBaseline = baseline.length;
  const nCandidate = candidate.length;
  if (nBaseline < 2 || nCandidate < 2)
    return nanComparison(
      nBaseline,
      nCandidate,
      "inconclusive",
      "at least 2 runs per runtime are needed for an interval",
      alpha,
    );
  if ([...baseline, ...candidate].some((v) => !(v > 0))) {
    return nanComparison(
      nBaseline,
      nCandidate,
      "descriptive",
      "a run measured zero (or less): a ratio to the baseline cannot be formed",
      alpha,
    );
  }
  const lx = baseline.map(Math.log);
  const ly = candidate.map(Math.log);
  const w = welch(lx, ly);
  // Runs that all read one value (a latency at the tool's 1 µs resolution) have no variance to
  // build an interval from: a test would call any difference certain (p = 0). Shown, not judged.
  if (w.se === 0)
    return nanComparison(
      nBaseline,
      nCandidate,
      "descriptive",
      `every run measured the same value (${baseline[0]} against ${candidate[0]}): at the tool's resolution ` +
        "they do not vary, so no interval can be formed",
      alpha,
    );
  const hl = hodgesLehmann(lx, ly, 0.95);
  const low = Math.log1p(-theta / 100);
  const high = Math.log1p(theta / 100);
  const pUp = pAbove(w.difference, w.se, w.df, high);
  const pDown = 1 - pAbove(w.difference, w.se, w.df, low);
  const pEquivalent = Math.max(pAbove(w.difference, w.se, w.df, low), 1 - pAbove(w.difference, w.se, w.df, high));
  const [pBetter, pWorse] = options.direction === "higher" ? [pUp, pDown] : [pDown, pUp];
  const tost = welchInterval(w, 1 - 2 * alpha);
  const level = levelLabel(tost);
  let verdict: Verdict;
  let hint: string;
  let verdictPValue: number;
  if (pEquivalent < alpha) {
    [verdict, verdictPValue, hint] = [
      "equivalent",
      pEquivalent,
      `the ${level} interval lies within ±${theta}% of the baseline`,
    ];
  } else if (pBetter < alpha) {
    [verdict, verdictPValue, hint] = [
      "better",
      pBetter,
      `the whole ${level} interval is more than ${theta}% better than the baseline`,
    ];
  } else if (pWorse < alpha) {
    [verdict, verdictPValue, hint] = [
      "worse",
      pWorse,
      `the whole ${level} interval is more than ${theta}% worse than the baseline`,
    ];
  } else {
    verdict = "inconclusive";
    verdictPValue = Math.min(pEquivalent, pBetter, pWorse);
    const gain = (x: number) => (options.direction === "higher" ? x : -x);
    const [gLow, gHigh] = [Math.min(gain(tost.low), gain(tost.high)), Math.max(gain(tost.low), gain(tost.high))];
    const width = `±${(halfWidthPoints(intervalPercent(tost))).toFixed(1)} points`;
    if (gLow > (options.direction === "higher" ? low : -high))
      hint = `open: not worse than the −${theta}% threshold, possibly more than ${theta}% better (interval ${width})`;
    else if (gHigh < (options.direction === "higher" ? high : -low))
      hint = `open: possibly worse than the −${theta}% threshold, no more than ${theta}% better (interval ${width})`;
    else hint = `open: the ${level} interval (${width}) is wider than the ±${theta}% band`;
  }
  return {
    nBaseline,
    nCandidate,
    deltaPercent: toPercent(w.difference),
    ci95Percent: intervalPercent(welchInterval(w, 0.95)),
    tostIntervalPercent: intervalPercent(tost),
    medianDeltaPercent: toPercent(hl.estimate),
    medianIntervalPercent: intervalPercent(hl.interval),
    pValue: w.pValue,
    verdictPValue,
    verdict,
    hint,
  };
}
