import type { Interval } from "./descriptive.ts";

/**
 * Null distribution of the Mann–Whitney U statistic for samples of n and m without ties:
 * `counts[u]` is the number of the C(n + m, n) orderings that give U = u. Built by the
 * recurrence f(n, m, u) = f(n − 1, m, u − m) + f(n, m − 1, u).
 */
function uCounts(n: number, m: number): number[] {
  // f[j][u] for the current n, j = 0..m.
  let previous: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let i = 1; i <= n; i++) {
    const current: number[][] = [[1]];
    for (let j = 1; j <= m; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const fewerA = previous[j]!;
      const fewerB = current[j - 1]!;
      for (let u = 0; u < size; u++) row[u] = (u - j >= 0 ? (fewerA[u - j] ?? 0) : 0) + (fewerB[u] ?? 0);
      current.push(row);
    }
    previous = current;
  }
  return previous[m]!;
}

/**
 * The largest c with P(U ≤ c) ≤ (1 − level) / 2 under the null, and the level the interval
 * [D₍c+1₎, D₍nm−c₎] then achieves; undefined when even c = 0 is too likely (samples too small).
 */
export function mannWhitneyCritical(n: number, m: number, level: number): { c: number; achieved: number } | undefined {
  const counts = uCounts(n, m);
  const total = counts.reduce((a, b) => a + b, 0);
  const tail = (1 - level) / 2;
  let cumulative = 0;
  let c = -1;
  for (let u = 0; u < counts.length; u++) {
    if ((cumulative + counts[u]!) / total > tail) break;
    cumulative += counts[u]!;
    c = u;
  }
  return c < 0 ? undefined : { c, achieved: 1 - (2 * cumulative) / total };
}

/** Samples larger than this use the normal approximation of U (the exact counts grow too large). */
const EXACT_LIMIT = 50;

/**
 * The Hodges–Lehmann estimate of the shift of `b` against `a` (the median of all pairwise
 * differences b_j − a_i) and its distribution-free interval from the Mann–Whitney test, as
 * R's `wilcox.test(b, a, conf.int = TRUE)` gives it: exact order statistics for small samples.
 */
export function hodgesLehmann(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
): { estimate: number; interval: Interval } {
  const n = a.length;
  const m = b.length;
  const d: number[] = [];
  for (const x of a) for (const y of b) d.push(y - x);
  d.sort((p, q) => p - q);
  const mid = d.length / 2;
  const estimate = d.length === 0 ? Number.NaN : d.length % 2 === 1 ? d[Math.floor(mid)]! : (d[mid - 1]! + d[mid]!) / 2;
  let critical: { c: number; achieved: number } | undefined;
  if (n > 0 && m > 0 && n <= EXACT_LIMIT && m <= EXACT_LIMIT) critical = mannWhitneyCritical(n, m, level);
  else if (n > 0 && m > 0) {
    // Normal approximation: c = nm/2 − z·√(nm(n + m + 1)/12), rounded down.
    const z = 1.959963984540054;
    const c = Math.floor((n * m) / 2 - z * Math.sqrt((n * m * (n + m + 1)) / 12));
    critical = c >= 0 ? { c, achieved: level } : undefined;
  }
  if (!critical) return { estimate, interval: { low: Number.NaN, high: Number.NaN, level } };
  return { estimate, interval: { low: d[critical.c]!, high: d[d.length - 1 - critical.c]!, level: critical.achieved } };
}
