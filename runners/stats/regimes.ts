/** Fewest runs in which two regimes are looked for, and fewest runs in each regime. */
export const REGIME_MIN_RUNS = 4;
export const REGIME_MIN_GROUP = 2;
/** The gap between the regimes: at least this share of the median, and this many times the wider group's range. */
export const REGIME_GAP_OF_MEDIAN = 0.15;
export const REGIME_GAP_TO_SPREAD = 2.5;

/**
 * Two regimes in a handful of runs: the values split at their widest gap into two groups of at
 * least REGIME_MIN_GROUP, the gap at least REGIME_GAP_OF_MEDIAN of the median and more than
 * REGIME_GAP_TO_SPREAD times the wider group's own range (linear scale). A mean of such runs
 * describes neither regime. (Memory bandwidth on a shared VM gave 13–22 and 47–50 GiB/s within one
 * campaign.)
 */
export function separateRegimes(values: readonly number[]): { low: number[]; high: number[] } | undefined {
  if (values.length < REGIME_MIN_RUNS) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  let best: { k: number; score: number } | undefined;
  for (let k = REGIME_MIN_GROUP; k <= sorted.length - REGIME_MIN_GROUP; k++) {
    const gap = sorted[k]! - sorted[k - 1]!;
    const spread = Math.max(sorted[k - 1]! - sorted[0]!, sorted.at(-1)! - sorted[k]!);
    const score = gap / Math.max(spread, Number.EPSILON);
    if (gap >= REGIME_GAP_OF_MEDIAN * Math.abs(median) && score > REGIME_GAP_TO_SPREAD && (!best || score > best.score))
      best = { k, score };
  }
  return best ? { low: sorted.slice(0, best.k), high: sorted.slice(best.k) } : undefined;
}
