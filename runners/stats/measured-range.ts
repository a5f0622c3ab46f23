import type { Interval } from "./descriptive.ts";

/** A percent as a range bound reads: two figures where they matter, "3.1", "12", "250". */
function percent(x: number): string {
  const a = Math.abs(x);
  return a < 10 ? a.toFixed(1) : a.toFixed(0);
}

/** A ratio as a range bound reads: "0.81", "4.0", "12", "350". */
function ratio(x: number): string {
  if (x < 1) return x.toPrecision(2);
  return x < 10 ? x.toFixed(1) : x.toFixed(0);
}

/**
 * A comparison's deciding interval (percent changes of `to` against `against`) in the reader's
 * terms, the same words in the CLI and on the site: "3.1–5.4% lower than runc", "between 1.2%
 * lower and 0.8% higher than runc", "4.0–4.7× runc's", "12–15× lower than runc". Where either
 * bound is past 2× (or below half), the whole range reads as ratios, which read better than a
 * percentage ("+35263.79%" is 350×): "1.6–28× host's", "between 0.81× and 8.7× runc's".
 */
export function measuredRange(interval: Pick<Interval, "low" | "high">, against: string): string {
  const { low, high } = interval;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return "no interval";
  const [rLow, rHigh] = [1 + low / 100, 1 + high / 100];
  if (rLow >= 2) return `${ratio(rLow)}–${ratio(rHigh)}× ${against}'s`;
  if (rHigh > 0 && rHigh <= 0.5) return `${ratio(1 / rHigh)}–${ratio(1 / rLow)}× lower than ${against}`;
  const wide = rHigh >= 2 || rLow <= 0.5;
  if (low >= 0)
    return wide
      ? `${ratio(rLow)}–${ratio(rHigh)}× ${against}'s`
      : `${percent(low)}–${percent(high)}% higher than ${against}`;
  if (high <= 0)
    return wide
      ? `${ratio(1 / rHigh)}–${ratio(1 / rLow)}× lower than ${against}`
      : `${percent(high)}–${percent(low)}% lower than ${against}`;
  return wide
    ? `between ${ratio(rLow)}× and ${ratio(rHigh)}× ${against}'s`
    : `between ${percent(low)}% lower and ${percent(high)}% higher than ${against}`;
}

/** Half the width of a percent interval, in points: how precisely the cell is known. */
export function halfWidthPoints(interval: Pick<Interval, "low" | "high">): number {
  return (interval.high - interval.low) / 2;
}
