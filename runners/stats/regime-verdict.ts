import { type CompareOptions, type Comparison, compare } from "./compare.ts";
import { separateRegimes } from "./regimes.ts";

/** A sample's regimes: its two groups when it splits, else the whole sample. */
function regimesIn(values: readonly number[]): number[][] {
  const split = separateRegimes(values);
  return split ? [split.low, split.high] : [[...values]];
}

/**
 * A verdict that survives regimes: when one side's runs (or both sides') split into regimes, every
 * combination of a regime of `from` with one of `to` is compared, the candidate's best against the
 * baseline's worst among them. When every combination is worse (or every one better) beyond the
 * threshold, that verdict stands (an intersection–union test: each combination at α, so the
 * claim at α) with the conservative range, from the nearest combination's bound to the farthest;
 * otherwise undefined (the cell stays descriptive). `overall` keeps its means; its deciding
 * interval becomes that range.
 */
export function acrossRegimes(
  overall: Comparison,
  from: readonly number[],
  to: readonly number[],
  options: CompareOptions,
  finding: string,
): Comparison | undefined {
  const [fromGroups, toGroups] = [regimesIn(from), regimesIn(to)];
  if (fromGroups.length === 1 && toGroups.length === 1) return undefined;
  const pairs = fromGroups.flatMap((f) => toGroups.map((t) => compare(f, t, options)));
  const verdict = pairs[0]!.verdict;
  if ((verdict !== "worse" && verdict !== "better") || pairs.some((p) => p.verdict !== verdict)) return undefined;
  const level = pairs[0]!.tostIntervalPercent.level;
  return {
    ...overall,
    verdict,
    verdictPValue: Math.max(...pairs.map((p) => p.verdictPValue)),
    tostIntervalPercent: {
      low: Math.min(...pairs.map((p) => p.tostIntervalPercent.low)),
      high: Math.max(...pairs.map((p) => p.tostIntervalPercent.high)),
      level,
    },
    hint:
      `${verdict} in every combination of regimes (${pairs.length}): ` +
      `each lies more than ${options.thresholdPercent}% ` +
      `${verdict} than the baseline, so the range spans all of them; ${finding}`,
  };
}
