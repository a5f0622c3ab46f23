/** ln(n!) by summing logs: exact enough for the run counts of a campaign (tens to hundreds). */
function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/**
 * Fisher's exact test of a 2×2 table [[a, b], [c, d]], two-sided as R's fisher.test computes it:
 * the sum of the probabilities of every table with the same margins that is no more likely than
 * the one observed (with R's relative tolerance of 1e-7).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const [row1, col1, n] = [a + b, a + c, a + b + c + d];
  const logP = (x: number) =>
    logFactorial(row1) +
    logFactorial(n - row1) +
    logFactorial(col1) +
    logFactorial(n - col1) -
    logFactorial(n) -
    logFactorial(x) -
    logFactorial(row1 - x) -
    logFactorial(col1 - x) -
    logFactorial(n - row1 - col1 + x);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(1e-7)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}
