import { describe, expect, it } from "vitest";
import { compare, runsNeeded } from "../../runners/stats/compare.ts";

// Reference values from SciPy 1.17 (scipy.stats.ttest_ind(b, a, equal_var=False) and its
// confidence_interval(0.95 / 0.90)) for these two series:
const a = [10447.57, 10435.12, 10460.88, 10452.03, 10441.76]; // mean 10447.472
const b = [10398.44, 10420.91, 10405.37, 10389.02, 10412.66];
// diff CI95 = [-58.60751973054879, -25.776480269445774], CI90 = [-55.39944467015104, -28.98455532984352], p = 0.000400945435303623

describe("compare", () => {
  it("expresses the Welch intervals in percent of the baseline mean (SciPy reference)", () => {
    const c = compare(a, b, { direction: "higher", thresholdPercent: 5 });
    const base = 10447.472;
    expect(c.ci95Percent.low).toBeCloseTo((-58.60751973054879 / base) * 100, 8);
    expect(c.ci95Percent.high).toBeCloseTo((-25.776480269445774 / base) * 100, 8);
    expect(c.tostIntervalPercent.low).toBeCloseTo((-55.39944467015104 / base) * 100, 8);
    expect(c.tostIntervalPercent.high).toBeCloseTo((-28.98455532984352 / base) * 100, 8);
    expect(c.pValue).toBeCloseTo(0.000400945435303623, 10);
    // A significant 0.4% difference is still equivalent at ±5%: that is the prospect's question.
    expect(c.verdict).toBe("equivalent");
    // The point estimate is the midpoint of the interval: −42.192 / 10447.472 = −0.4038%.
    expect(c.deltaPercent).toBeCloseTo(((-58.60751973054879 + -25.776480269445774) / 2 / base) * 100, 8);
  });

  it("says worse when the whole interval is beyond the threshold on the bad side", () => {
    const slower = a.map((x) => x * 0.9);
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("worse");
    // For a lower-is-better metric the same numbers are an improvement.
    expect(compare(a, slower, { direction: "lower", thresholdPercent: 5 }).verdict).toBe("better");
  });

  it("says better when the whole interval is beyond the threshold on the good side", () => {
    const faster = a.map((x) => x * 1.1);
    expect(compare(a, faster, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("better");
    expect(compare(a, faster, { direction: "lower", thresholdPercent: 5 }).verdict).toBe("worse");
  });

  it("says inconclusive, with a hint, when the interval straddles the threshold", () => {
    const noisyBase = [100, 90, 110, 95, 105];
    const noisy = [97, 85, 108, 92, 99];
    const c = compare(noisyBase, noisy, { direction: "higher", thresholdPercent: 5 });
    expect(c.verdict).toBe("inconclusive");
    expect(c.hint).toMatch(/more runs needed \(about \d+ per runtime/);
  });

  it("says inconclusive when the estimate lies beyond the threshold but the interval is wide", () => {
    const c = compare([100, 80, 120], [92, 70, 110], { direction: "higher", thresholdPercent: 5 });
    expect(c.verdict).toBe("inconclusive");
    expect(c.hint).toMatch(/wider than the ±5% band: more runs needed/);
  });

  it("moves the verdict with the threshold", () => {
    const slower = a.map((x) => x * 0.97);
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("equivalent");
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 2 }).verdict).toBe("worse");
  });

  it("refuses to conclude from a single run", () => {
    const c = compare([1, 2], [3], { direction: "higher", thresholdPercent: 5 });
    expect(c.verdict).toBe("inconclusive");
    expect(c.hint).toMatch(/at least 2 runs/);
  });

  it("estimates the runs an equivalence test needs", () => {
    // 2 × (1.645 × 2 / (5 − 1))² = 1.35 → at least 3
    expect(runsNeeded(2, 1, 5)).toBe(3);
    // 2 × (1.645 × 4 / 2)² = 21.6 → 22
    expect(runsNeeded(4, 3, 5)).toBe(22);
    expect(runsNeeded(4, 6, 5)).toBeUndefined();
  });
});
