import type { Comparison } from "./compare.ts";
import type { Interval } from "./descriptive.ts";

/** Runs per runtime beyond which a projection gives up: more than a campaign can afford. */
const RUNS_TO_SETTLE_CAP = 1000;

/** What a cell's hint and its guide's adaptive note say when runsToSettle finds no number. */
export const NOT_SETTLED_BY_RUNS =
  "more runs would not settle it at this variation " + `(not within ${RUNS_TO_SETTLE_CAP} per runtime)`;

/** z quantiles of a one-sided 5% test and of 80% power, for planning runs. */
const Z_ALPHA = 1.6448536269514722;
const Z_POWER = 0.8416212335729143;

/** What a projection reads of a comparison: its deciding interval and its run counts. */
type Projected = Pick<Comparison, "nBaseline" | "nCandidate" | "tostIntervalPercent">;

/** A percent interval on the log scale: its centre (the log ratio) and its standard error. */
function onLogScale(i: Interval, n: number): { centre: number; se: number; n: number } | undefined {
  const [low, high] = [Math.log1p(i.low / 100), Math.log1p(i.high / 100)];
  if (!Number.isFinite(low) || !Number.isFinite(high) || n < 2) return undefined;
  // The interval is the estimate ± t·SE; dividing by z (< t) overstates the SE a little: the projection errs long.
  return { centre: (low + high) / 2, se: (high - low) / 2 / Z_ALPHA, n };
}

/**
 * Runs per runtime at which an open cell would settle with 80% power, if its difference and its
 * variation (and the A/A arm's) stay as measured: each standard error shrinks as 1/√n, and the
 * interval's bound must clear the verdict rules (verdict-rules.ts) by z₀.₈·SE as well.
 * - equivalent: the interval within ±threshold, and the A/A interval too;
 * - better or worse: the interval's nearer bound beyond the threshold and beyond the noise floor.
 * Undefined when neither comes within RUNS_TO_SETTLE_CAP runs: at this variation more runs do not
 * settle the cell (a difference that sits on the threshold, or a noise floor as wide as it).
 */
export function runsToSettle(
  c: Projected,
  noiseFloor: Projected | undefined,
  thresholdPercent: number,
): number | undefined {
  const cell = onLogScale(c.tostIntervalPercent, Math.min(c.nBaseline, c.nCandidate));
  const aa =
    noiseFloor && onLogScale(noiseFloor.tostIntervalPercent, Math.min(noiseFloor.nBaseline, noiseFloor.nCandidate));
  if (!cell || (noiseFloor && !aa)) return undefined;
  const [bandLow, bandHigh] = [Math.log1p(-thresholdPercent / 100), Math.log1p(thresholdPercent / 100)];
  const reach = (x: { centre: number; se: number; n: number }, n: number) => {
    const half = (Z_ALPHA + Z_POWER) * x.se * Math.sqrt(x.n / n);
    return { low: x.centre - half, high: x.centre + half };
  };
  const within = (i: { low: number; high: number }) => i.low > bandLow && i.high < bandHigh;
  for (let n = cell.n + 1; n <= RUNS_TO_SETTLE_CAP; n++) {
    const i = reach(cell, n);
    const floorI = aa && reach(aa, n);
    if (within(i) && (!floorI || within(floorI))) return n;
    const floor = floorI ? Math.max(-Math.expm1(floorI.low), Math.expm1(floorI.high)) : 0;
    const nearer = i.low > 0 ? Math.expm1(i.low) : i.high < 0 ? -Math.expm1(i.high) : 0;
    if (nearer > Math.max(thresholdPercent / 100, floor)) return n;
  }
  return undefined;
}
