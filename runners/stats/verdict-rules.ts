import type { Comparison } from "./compare.ts";

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
  regimes?: string;
}): string | undefined {
  if (options.declared) return options.declared;
  if (options.regimes)
    return `its runs fall into separate regimes (${options.regimes}): a mean across them describes neither`;
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

/**
 * The A/A gate: where the baseline against its own A/A arm is not equivalent, no
 * difference of that metric can be told from noise, so every verdict on it is withheld.
 */
export function gateByNoiseFloor(
  c: Comparison,
  noiseFloor: Comparison | undefined,
  thresholdPercent: number,
): Comparison {
  if (!noiseFloor || noiseFloor.verdict === "equivalent" || c.verdict === "descriptive") return c;
  return overruled(
    c,
    "noise-floor",
    `inconclusive (noise floor): the baseline against itself is not equivalent at ±${thresholdPercent}% on this ` +
      `metric, so a difference of this size cannot be told from noise`,
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
