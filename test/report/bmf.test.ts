import { describe, expect, it } from "vitest";
import { toBmf } from "../../runners/report/bmf.ts";
import type { MetricSummary } from "../../runners/stats/summarize.ts";

/** One metric with a baseline and a candidate whose comparison has `delta` (NaN: too few runs). */
function summary(delta: number, ci95Low: number): MetricSummary {
  const interval = { low: delta - 1, high: delta + 1, level: 0.9 };
  return {
    metric: "eventsPerSecond",
    runtimes: [
      { runtime: "runc", role: "baseline", values: [1, 2], stats: { mean: 1.5, ci95: { low: ci95Low, high: 8 } } },
      {
        runtime: "gvisor",
        role: "candidate",
        values: [1],
        stats: { mean: 1, ci95: { low: Number.NaN, high: Number.NaN } },
        comparison: { deltaPercent: delta, tostIntervalPercent: interval },
      },
    ],
  } as unknown as MetricSummary;
}

describe("the Bencher export", () => {
  it("keeps a 95% interval below zero as parity show prints it, and writes no null", () => {
    const bmf = toBmf([{ guideId: "cpu", summaries: [summary(Number.NaN, -4.2)] }]);
    expect(bmf["parity/cpu/events-per-second/runc"]!["events-per-second"]!.lower_value).toBe(-4.2);
    expect(bmf["parity/cpu/events-per-second/gvisor"]!["delta-percent"]).toBeUndefined();
    expect(JSON.stringify(bmf)).not.toContain("null");
  });

  it("exports a finite Δ with the interval that decides its verdict", () => {
    const bmf = toBmf([{ guideId: "cpu", summaries: [summary(12.5, 1)] }]);
    expect(bmf["parity/cpu/events-per-second/gvisor"]!["delta-percent"]).toEqual({
      value: 12.5,
      lower_value: 11.5,
      upper_value: 13.5,
    });
  });
});
