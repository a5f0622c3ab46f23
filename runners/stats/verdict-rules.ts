import { type Comparison, levelLabel } from "./compare.ts";

/** A comparison whose verdict a rule replaced; the numbers stay, the verdict and hint change. */
function overruled(c: Comparison, verdict: Comparison["verdict"], hint: string): Comparison {
  return { ...c, verdict, hint };
}

/**
 * Why a metric's values cannot carry a verdict, if they cannot: the metric says so (a maximum),
 * some run's value is only a bound (censored), or the values move in steps at least as large as
 * the threshold (a 1 µs step on a 3 µs median is a 33% jump).
 */
export function descriptiveReason(options: {
  declared?: string;
  censoredRuns: number;
  quantum?: number;
  baselineMedian: number;
  thresholdPercent: number;
  unit: string;
}): string | undefined {
  if (options.declared) return options.declared;
  if (options.censoredRuns > 0)
    return (
      `${options.censoredRuns} run(s) give only a bound for it (beyond the histogram, or skipped wake-ups), so ` +
      `it is shown, never averaged into a verdict`
    );
  if (options.quantum !== undefined && Math.abs(options.baselineMedian) > 0) {
    const step = (options.quantum / Math.abs(options.baselineMedian)) * 100;
    if (step >= options.thresholdPercent)
      return (
        `it moves in steps of ${options.quantum} ${options.unit}, ${step.toFixed(0)}% of the baseline: coarser ` +
        `than the ±${options.thresholdPercent}% threshold`
      );
  }
  return undefined;
}

/** Descriptive metrics keep their numbers and lose their verdict. */
export function asDescriptive(c: Comparison, reason: string): Comparison {
  return overruled(c, "descriptive", `no verdict: ${reason}`);
}

/** A percent change as the verdict hints print it, e.g. "+13.75%". */
const pct = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}%`;

/**
 * The noise floor of a metric: the largest magnitude of the baseline's A/A interval, e.g. 15.86
 * for an A/A interval of [−15.86%, +13.75%]. A difference smaller than this cannot be told from
 * the baseline against itself.
 */
export function noiseFloorPercent(noiseFloor: Comparison): number {
  return Math.max(Math.abs(noiseFloor.tostIntervalPercent.low), Math.abs(noiseFloor.tostIntervalPercent.high));
}

/**
 * Verdicts against the noise, not gated by it (the methodology page has a worked example):
 * - `better` or `worse` stands when the deciding interval (90% at a single look) lies entirely beyond the threshold
 *   and beyond the noise floor (the largest magnitude of the A/A interval);
 * - `equivalent` stands only when the A/A arm is itself equivalent;
 * - anything else, where the A/A arm is not equivalent, is `inconclusive (noise floor)`, and the
 *   hint names the bound that was missed and by how much.
 */
export function gateByNoiseFloor(
  c: Comparison,
  noiseFloor: Comparison | undefined,
  thresholdPercent: number,
): Comparison {
  if (!noiseFloor || c.verdict === "descriptive") return c;
  const floor = noiseFloorPercent(noiseFloor);
  const aa = `[${pct(noiseFloor.tostIntervalPercent.low)}, ${pct(noiseFloor.tostIntervalPercent.high)}]`;
  const { low, high } = c.tostIntervalPercent;
  const interval = `${levelLabel(c.tostIntervalPercent)} interval [${pct(low)}, ${pct(high)}]`;
  const bar = Math.max(thresholdPercent, floor);
  if (c.verdict === "better" || c.verdict === "worse") {
    // The interval lies on one side of 0; its bound nearer to 0 must clear both the threshold and the floor.
    const nearer = low > 0 ? low : -high;
    if (nearer > floor) return c;
    return overruled(
      c,
      "noise-floor",
      `inconclusive (noise floor): the ${interval} lies beyond ±${thresholdPercent}% but not beyond ` +
        `the noise floor, ±${floor.toFixed(2)}% (the baseline against itself: ${aa}); its nearer bound misses it by ` +
        `${(floor - nearer).toFixed(2)} points`,
    );
  }
  if (noiseFloor.verdict === "equivalent") return c;
  if (c.verdict === "equivalent")
    return overruled(
      c,
      "noise-floor",
      `inconclusive (noise floor): the ${interval} lies within ±${thresholdPercent}%, but the baseline ` +
        `against itself (${aa}) does not, so equivalence cannot be told from noise`,
    );
  // Inconclusive: name the bound of the side the estimate leans to, and how far it is from the bar.
  const worseSide = c.deltaPercent >= 0;
  const bound = worseSide ? low : high;
  return overruled(
    c,
    "noise-floor",
    `inconclusive (noise floor): to tell a difference, the ${interval} would have to lie beyond ` +
      `${worseSide ? "+" : "−"}${bar.toFixed(2)}% (the larger of the ±${thresholdPercent}% threshold and the noise ` +
      `floor, the baseline against itself: ${aa}); its ${worseSide ? "lower" : "upper"} bound misses that by ` +
      `${Math.abs((worseSide ? bar : -bar) - bound).toFixed(2)} points`,
  );
}

/**
 * Holm's adjusted p-values, in the order given: p̃₍k₎ = max over j ≤ k of min(1, (m − j + 1)·p₍j₎)
 * (R's p.adjust "holm").
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Holm's step-down correction of the secondary metrics' verdicts of one comparison (one
 * runtime against the baseline, in one storage mode): a verdict stands only while its adjusted
 * p-value stays below α. The primary metric is not part of the family: it carries the guide's
 * verdict at α.
 */
export function holm(comparisons: readonly Comparison[], alpha = 0.05): Comparison[] {
  const tested = comparisons
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.verdict !== "descriptive" && Number.isFinite(c.verdictPValue));
  const adjusted = holmAdjust(tested.map(({ c }) => c.verdictPValue));
  const out = [...comparisons];
  tested.forEach(({ c, i }, k) => {
    if (adjusted[k]! >= alpha && c.verdict !== "inconclusive") {
      out[i] = overruled(
        c,
        "inconclusive",
        `inconclusive after Holm's correction across ${tested.length} secondary metric(s): "${c.verdict}" held at p ` +
          `= ${c.verdictPValue.toPrecision(2)} alone, ${adjusted[k]!.toPrecision(2)} adjusted`,
      );
    }
  });
  return out;
}
