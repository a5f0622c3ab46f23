import { type CompareOptions, type Comparison, compare, type Verdict } from "./compare.ts";
import type { Interval } from "./descriptive.ts";
import { gateByNoiseFloor } from "./verdict-rules.ts";

/** A single run without which a comparison's verdict would read otherwise. */
export interface Swing {
  /** The runtime whose run it is. */
  runtime: string;
  /** The run's value, in the metric's unit. */
  value: number;
  /** The verdict without it, and the deciding interval (percent changes) it would then have. */
  verdict: Verdict;
  interval: Interval;
}

/** One side of a comparison: a runtime's runs. */
interface Side {
  runtime: string;
  values: readonly number[];
}

/** The two samples of a comparison (`to` against `from`), as the verdict rules see them. */
export interface Sides {
  from: Side;
  to: Side;
  /**
   * The campaign baseline's A/A arm, when measured, and which side is that baseline (`from` for a
   * candidate, `to` for runc against host): dropping one of its runs moves the noise floor too.
   */
  aa?: { values: readonly number[]; of: "from" | "to" };
}

/** The verdict by the rules that depend on the values alone: the comparison and the noise floor. */
function verdictOf(from: readonly number[], to: readonly number[], aa: Sides["aa"], o: CompareOptions): Comparison {
  const c = compare(from, to, o);
  const floor = aa && aa.values.length > 0 ? compare(aa.of === "from" ? from : to, aa.values, o) : undefined;
  return gateByNoiseFloor(c, floor, o.thresholdPercent);
}

const without = (values: readonly number[], i: number) => values.filter((_, j) => j !== i);

/**
 * Leave-one-out: the first run (of `from`, then of `to`) without which the verdict would
 * change, or undefined when none would (the methodology page: no verdict that one run can swing
 * without saying so). Descriptive comparisons carry no verdict to swing.
 */
export function swingingRun(sides: Sides, verdict: Comparison["verdict"], options: CompareOptions): Swing | undefined {
  if (verdict === "descriptive") return undefined;
  const { from, to, aa } = sides;
  const tries = [
    ...from.values.map((value, i) => ({
      runtime: from.runtime,
      value,
      c: verdictOf(without(from.values, i), to.values, aa, options),
    })),
    ...to.values.map((value, i) => ({
      runtime: to.runtime,
      value,
      c: verdictOf(from.values, without(to.values, i), aa, options),
    })),
  ];
  const swing = tries.find((t) => t.c.verdict !== verdict && t.c.verdict !== "descriptive");
  return (
    swing && {
      runtime: swing.runtime,
      value: swing.value,
      verdict: swing.c.verdict,
      interval: swing.c.tostIntervalPercent,
    }
  );
}
