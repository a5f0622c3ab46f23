import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { describe, expect, it } from "vitest";
import { compare } from "../../runners/stats/compare.ts";
import { fisherExact } from "../../runners/stats/fisher.ts";
import { hodgesLehmann } from "../../runners/stats/hodges-lehmann.ts";
import { gateByNoiseFloor, holmAdjust } from "../../runners/stats/verdict-rules.ts";
import { welch } from "../../runners/stats/welch.ts";
import { fixture } from "../helpers/fixtures.ts";

// Values computed independently with R (test/fixtures/stats/reference.R, its output stored in
// reference-r.json with R's version): Welch's t-test on the log values, Wilcoxon–Mann–Whitney
// Hodges–Lehmann estimate and exact interval, t quantiles, Holm's adjustment, and the verdict
// against the noise floor (the rule written again in R, on the intervals R computes).
interface Case {
  base: number[];
  cand: number[];
  logDiff: number;
  df: number;
  t: number;
  p: number;
  ci95: number[];
  ci90: number[];
  hlEstimate: number;
  hlCi95: number[];
}
const ref = JSON.parse(fixture("stats/reference-r.json")) as Record<string, Case> & {
  origin: string;
  qt95: { df: number[]; q: number[] };
  qt975: { df: number[]; q: number[] };
  holm: { p: number[]; adjusted: number[] };
  rule: Record<
    string,
    { base: number[]; aa: number[]; cand: number[]; ci90: number[]; aaCi90: number[]; verdict: string }
  >;
  fisher: Array<{ table: [number, number, number, number]; p: number }>;
};
const pct = (log: number) => (Math.exp(log) - 1) * 100;

describe(`statistics against R (${ref.origin})`, () => {
  for (const name of ["throughput", "bimodal", "startup", "small"]) {
    it(`${name}: the log-ratio Welch interval, its degrees of freedom and p-value`, () => {
      const r = ref[name] as Case;
      const w = welch(r.base.map(Math.log), r.cand.map(Math.log));
      expect(w.difference).toBeCloseTo(r.logDiff, 12);
      expect(w.df).toBeCloseTo(r.df, 9);
      expect(w.t).toBeCloseTo(r.t, 9);
      const c = compare(r.base, r.cand, { direction: "higher", thresholdPercent: 5 });
      expect(c.deltaPercent).toBeCloseTo(pct(r.logDiff), 9);
      expect(c.pValue).toBeCloseTo(r.p, 9);
      expect(c.ci95Percent.low).toBeCloseTo(pct(r.ci95[0]!), 7);
      expect(c.ci95Percent.high).toBeCloseTo(pct(r.ci95[1]!), 7);
      expect(c.tostIntervalPercent.low).toBeCloseTo(pct(r.ci90[0]!), 7);
      expect(c.tostIntervalPercent.high).toBeCloseTo(pct(r.ci90[1]!), 7);
      // On the log scale a percent interval can never pass −100%.
      expect(c.ci95Percent.low).toBeGreaterThan(-100);
    });

    it(`${name}: the Hodges–Lehmann shift and its exact Mann–Whitney interval`, () => {
      const r = ref[name] as Case;
      const hl = hodgesLehmann(r.base.map(Math.log), r.cand.map(Math.log), 0.95);
      expect(hl.estimate).toBeCloseTo(r.hlEstimate, 12);
      if (name === "small") {
        // 3 against 2 runs: no order statistic reaches 95%; R then widens to the full range and
        // says so, Parity gives none.
        expect(hl.interval.low).toBeNaN();
      } else {
        expect(hl.interval.low).toBeCloseTo(r.hlCi95[0]!, 12);
        expect(hl.interval.high).toBeCloseTo(r.hlCi95[1]!, 12);
        expect(hl.interval.level).toBeGreaterThanOrEqual(0.95);
      }
    });
  }

  it("t quantiles", () => {
    for (const [i, df] of ref.qt95.df.entries()) expect(tQuantile(0.95, df)).toBeCloseTo(ref.qt95.q[i]!, 9);
    for (const [i, df] of ref.qt975.df.entries()) expect(tQuantile(0.975, df)).toBeCloseTo(ref.qt975.q[i]!, 9);
  });

  it("Holm's adjusted p-values", () => {
    for (const [i, p] of holmAdjust(ref.holm.p).entries()) expect(p).toBeCloseTo(ref.holm.adjusted[i]!, 12);
  });

  it("Fisher's exact test, two-sided (how often each runtime reached a slow regime)", () => {
    for (const { table, p } of ref.fisher) expect(fisherExact(...table), table.join(" ")).toBeCloseTo(p, 12);
  });

  for (const [name, r] of Object.entries(ref.rule)) {
    it(`the verdict against the noise floor, ${name}: "${r.verdict}" as R decides it`, () => {
      const options = { direction: "lower" as const, thresholdPercent: 5 };
      const candidate = compare(r.base, r.cand, options);
      const aa = compare(r.base, r.aa, options);
      expect(candidate.tostIntervalPercent.low).toBeCloseTo(r.ci90[0]!, 9);
      expect(candidate.tostIntervalPercent.high).toBeCloseTo(r.ci90[1]!, 9);
      expect(aa.tostIntervalPercent.low).toBeCloseTo(r.aaCi90[0]!, 9);
      expect(gateByNoiseFloor(candidate, aa, 5).verdict).toBe(r.verdict);
    });
  }
});
