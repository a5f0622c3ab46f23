/**
 * Two regimes in a handful of runs: the values split at their widest gap into two groups of at
 * least two, the gap at least 15% of the median and more than 2.5 times the wider group's own
 * range. A mean of such runs describes neither regime. (Memory bandwidth on a shared VM gave
 * 13–22 and 47–50 GiB/s within one campaign.)
 */
export function separateRegimes(values: readonly number[]): { low: number[]; high: number[] } | undefined {
  if (values.length < 4) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  let best: { k: number; score: number } | undefined;
  for (let k = 2; k <= sorted.length - 2; k++) {
    const gap = sorted[k]! - sorted[k - 1]!;
    const spread = Math.max(sorted[k - 1]! - sorted[0]!, sorted.at(-1)! - sorted[k]!);
    const score = gap / Math.max(spread, Number.EPSILON);
    if (gap >= 0.15 * Math.abs(median) && score > 2.5 && (!best || score > best.score)) best = { k, score };
  }
  return best ? { low: sorted.slice(0, best.k), high: sorted.slice(best.k) } : undefined;
}
