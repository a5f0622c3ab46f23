import { describe, expect, it } from "vitest";
import { compare } from "../../runners/stats/compare.ts";

// Numeric agreement with R is in reference.test.ts; these are the verdict rules.
const a = [10447.57, 10435.12, 10460.88, 10452.03, 10441.76];

describe("compare (log scale)", () => {
  it("calls a small, significant difference equivalent at ±5%: that is the prospect's question", () => {
    const b = [10398.44, 10420.91, 10405.37, 10389.02, 10412.66];
    const c = compare(a, b, { direction: "higher", thresholdPercent: 5 });
    expect(c.pValue).toBeLessThan(0.001);
    expect(c.verdict).toBe("equivalent");
    expect(c.hint).toBe("the 90% interval lies within ±5% of the baseline");
  });

  it("says worse or better by direction when the ratio is beyond the threshold", () => {
    const slower = a.map((x) => x * 0.9);
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("worse");
    expect(compare(a, slower, { direction: "lower", thresholdPercent: 5 }).verdict).toBe("better");
    const faster = a.map((x) => x * 1.1);
    expect(compare(a, faster, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("better");
    expect(compare(a, faster, { direction: "lower", thresholdPercent: 5 }).verdict).toBe("worse");
  });

  it("moves the verdict with the threshold", () => {
    const slower = a.map((x) => x * 0.97);
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 5 }).verdict).toBe("equivalent");
    expect(compare(a, slower, { direction: "higher", thresholdPercent: 2 }).verdict).toBe("worse");
  });

  it("keeps bimodal data's interval above −100% and says inconclusive", () => {
    // Memory bandwidth from a campaign with two regimes: the linear interval reached −117%.
    const c = compare([13198, 47377, 21913, 14212, 50213], [15444, 51337, 36406, 50210, 51383], {
      direction: "higher",
      thresholdPercent: 5,
    });
    expect(c.ci95Percent.low).toBeGreaterThan(-100);
    expect(c.verdict).toBe("inconclusive");
    expect(c.hint).toMatch(/^open: the 90% interval \(±[0-9.]+ points\) is wider than the ±5% band$/);
  });

  it("says how wide an open cell's interval is, and that a stricter look widens it", () => {
    const [base, cand] = [
      [100, 90, 110, 95, 105],
      [97, 85, 108, 92, 99],
    ];
    const c = compare(base, cand, { direction: "higher", thresholdPercent: 5 });
    expect(c.verdict).toBe("inconclusive");
    const half = (c.tostIntervalPercent.high - c.tostIntervalPercent.low) / 2;
    expect(c.hint).toBe(`open: the 90% interval (±${half.toFixed(1)} points) is wider than the ±5% band`);
    // An early look of a sequential plan holds each test to a smaller level: a wider interval decides.
    const early = compare(base, cand, { direction: "higher", thresholdPercent: 5, alpha: 0.0056 });
    expect(early.tostIntervalPercent.level).toBeCloseTo(0.9888, 4);
    expect(early.tostIntervalPercent.high - early.tostIntervalPercent.low).toBeGreaterThan(2 * half);
  });

  it("refuses a ratio with a zero, and a conclusion from a single run", () => {
    expect(compare([0, 1, 2], [1, 2, 3], { direction: "lower", thresholdPercent: 5 })).toMatchObject({
      verdict: "descriptive",
      hint: expect.stringMatching(/zero/),
    });
    const c = compare([1, 2], [3], { direction: "higher", thresholdPercent: 5 });
    expect(c.verdict).toBe("inconclusive");
    expect(c.hint).toMatch(/at least 2 runs/);
  });

  it("judges no runs that never vary (every latency 2 µs): no interval, so no equivalence with p = 0", () => {
    for (const candidate of [
      [2, 2, 2, 2, 2],
      [3, 3, 3, 3, 3],
    ]) {
      const c = compare([2, 2, 2, 2, 2], candidate, { direction: "lower", thresholdPercent: 5 });
      expect(c.verdict).toBe("descriptive");
      expect(c.verdictPValue).toBeNaN();
      expect(c.hint).toMatch(/every run measured the same value \(2 against [23]\)/);
    }
    // One side varying is enough for an interval.
    expect(compare([2, 2, 2, 2, 2], [2, 3, 2, 3, 2], { direction: "lower", thresholdPercent: 5 }).verdict).not.toBe(
      "descriptive",
    );
  });
});
