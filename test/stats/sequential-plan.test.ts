import { describe, expect, it } from "vitest";
import { seededRandom } from "../../runners/plan/schedule.ts";
import type { SequentialPlan } from "../../runners/schemas/sequential-plan.ts";
import { compare } from "../../runners/stats/compare.ts";
import { lookAt, sequentialLooks } from "../../runners/stats/sequential-plan.ts";
import { fixture } from "../helpers/fixtures.ts";

// Boundaries computed another way (SciPy's multivariate normal CDF and Brent's method):
// test/fixtures/stats/sequential-boundaries.py writes sequential-boundaries.json.
const ref = JSON.parse(fixture("stats/sequential-boundaries.json")) as {
  alpha: number;
  plans: Array<{ spending: SequentialPlan["spending"]; looks: number[]; z: number[] }>;
};

/** Standard normal draws from a seeded uniform generator (Box–Muller). */
function normals(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * Runs a plan many times on two samples whose true ratio sits exactly on the +threshold margin
 * (the largest difference that is not equivalent), each arm with log-normal noise of the given
 * CV, deciding at each look with that look's nominal level and stopping once settled; returns
 * how often it ended "equivalent", which is a false claim here.
 */
function falseEquivalenceRate(plan: SequentialPlan, cv: number, trials: number, nominal?: number): number {
  const draw = normals(seededRandom(20261207));
  const margin = Math.log(1.05);
  let wrong = 0;
  for (let t = 0; t < trials; t++) {
    const n = plan.looks.at(-1)!;
    const base = Array.from({ length: n }, () => Math.exp(cv * draw()));
    const cand = Array.from({ length: n }, () => Math.exp(margin + cv * draw()));
    for (const look of sequentialLooks(plan)) {
      const c = compare(base.slice(0, look.runs), cand.slice(0, look.runs), {
        direction: "lower",
        thresholdPercent: 5,
        alpha: nominal ?? look.nominalAlpha,
      });
      if (c.verdict === "equivalent") wrong++;
      if (c.verdict !== "inconclusive") break;
    }
  }
  return wrong / trials;
}

describe("a group-sequential plan", () => {
  it.each(ref.plans)("$spending at looks $looks: the boundaries SciPy computes", (p) => {
    const looks = sequentialLooks({ alpha: ref.alpha, spending: p.spending, looks: p.looks });
    expect(looks.map((l) => l.runs)).toEqual(p.looks);
    for (const [i, z] of p.z.entries()) expect(looks[i]!.z).toBeCloseTo(z, 3);
    expect(looks.at(-1)!.spentAlpha).toBe(ref.alpha);
  });

  it("with one look is the fixed-sample test: the 90% interval", () => {
    const [only] = sequentialLooks({ alpha: 0.05, spending: "obrien-fleming", looks: [5] });
    expect(only!.nominalAlpha).toBeCloseTo(0.05, 10);
  });

  it("reads a guide's verdicts at the last look its runs reached", () => {
    const plan: SequentialPlan = { alpha: 0.05, spending: "obrien-fleming", looks: [5, 8, 10] };
    expect(lookAt(plan, 4)).toBeUndefined();
    expect(lookAt(plan, 5)!.runs).toBe(5);
    expect(lookAt(plan, 9)!.runs).toBe(8);
    expect(lookAt(plan, 10)!.nominalAlpha).toBeLessThan(0.05);
  });

  // 4,000 trials: a Monte Carlo standard error of about 0.35 points at a 5% rate.
  const trials = 4000;
  const se = Math.sqrt((0.05 * 0.95) / trials);
  it.each([
    { spending: "obrien-fleming" as const, looks: [5, 8, 10], cv: 0.03 },
    { spending: "obrien-fleming" as const, looks: [5, 6, 7, 8, 9, 10, 11, 12], cv: 0.02 },
    { spending: "pocock" as const, looks: [5, 8, 12], cv: 0.03 },
  ])("keeps the false-equivalence rate at the margin at α over the whole plan ($spending, $looks)", (p) => {
    const rate = falseEquivalenceRate({ alpha: 0.05, ...p }, p.cv, trials);
    expect(rate).toBeLessThan(0.05 + 3 * se);
    expect(rate).toBeGreaterThan(0.05 - 4 * se);
  });

  it("is needed: the same looks at a fixed 90% interval claim equivalence too often", () => {
    const plan: SequentialPlan = { alpha: 0.05, spending: "obrien-fleming", looks: [5, 6, 7, 8, 9, 10, 11, 12] };
    expect(falseEquivalenceRate(plan, 0.02, trials, 0.05)).toBeGreaterThan(0.05 + 4 * se);
  });
});
