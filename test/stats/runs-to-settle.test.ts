import { describe, expect, it } from "vitest";
import { runsToSettle } from "../../runners/stats/runs-to-settle.ts";
import { fixture } from "../helpers/fixtures.ts";

// Reference values computed another way (closed forms and bisection in Python):
// test/fixtures/stats/runs-to-settle.py writes runs-to-settle.json.
interface Case {
  interval: [number, number];
  runs: number;
  aa: [number, number] | null;
  aaRuns: number;
  thresholdPercent: number;
  runsToSettle: number | null;
}
const ref = JSON.parse(fixture("stats/runs-to-settle.json")) as { origin: string; cases: Record<string, Case> };

/** What the projection reads of a comparison: its deciding interval and its run counts. */
function comparison([low, high]: [number, number], n: number) {
  return { nBaseline: n, nCandidate: n, tostIntervalPercent: { low, high, level: 0.9 } };
}

describe("runs to settle an open cell", () => {
  it.each(Object.entries(ref.cases))("%s: as many runs as the reference computes", (_, c) => {
    const aa = c.aa ? comparison(c.aa, c.aaRuns) : undefined;
    expect(runsToSettle(comparison(c.interval, c.runs), aa, c.thresholdPercent)).toBe(c.runsToSettle ?? undefined);
  });

  it("needs more runs than the cell has, and more for a noisier cell", () => {
    const aa = comparison([-2, 2], 5);
    const calm = runsToSettle(comparison([-3, 4], 5), aa, 5)!;
    const noisy = runsToSettle(comparison([-6, 7.5], 5), aa, 5)!;
    expect(calm).toBeGreaterThan(5);
    expect(noisy).toBeGreaterThan(calm);
  });

  it("says no number when the cell has no interval", () => {
    expect(runsToSettle(comparison([Number.NaN, Number.NaN], 1), undefined, 5)).toBeUndefined();
  });
});
