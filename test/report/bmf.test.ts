import { expect, describe as group, it } from "vitest";
import { toBmf } from "../../runners/report/bmf.ts";
import { describe } from "../../runners/stats/descriptive.ts";
import type { MetricSummary } from "../../runners/stats/summarize.ts";

/** One metric with a baseline and a candidate whose comparison has `delta` (NaN: too few runs). */
function summary(delta: number, baseline: number[], candidate: number[]): MetricSummary {
  const interval = { low: delta - 1, high: delta + 1, level: 0.9 };
  return {
    metric: "eventsPerSecond",
    runtimes: [
      { runtime: "runc", role: "baseline", values: baseline, stats: describe(baseline) },
      {
        runtime: "gvisor",
        role: "candidate",
        values: candidate,
        stats: describe(candidate),
        comparison: { deltaPercent: delta, tostIntervalPercent: interval },
      },
    ],
  } as unknown as MetricSummary;
}

group("the Bencher export", () => {
  it("exports the geometric mean, whose ratio the Δ is, with its 95% interval", () => {
    const bmf = toBmf([{ guideId: "cpu", summaries: [summary(12.5, [100, 400], [200, 800])] }]);
    // Computed by hand: √(100·400) = 200; the logs' t interval (t₀.₉₇₅,₁ = 12.706) taken back.
    const runc = bmf["parity/cpu/events-per-second/runc"]!["events-per-second"]!;
    expect(runc.value).toBeCloseTo(200, 9);
    // In logs the interval is 200 × e^(±t·s/√n), s/√n = ln 4 / 2, t = 12.7062047 (R: qt(0.975, 1)).
    const half = 12.7062047 * (Math.log(4) / 2);
    expect(Math.log(runc.upper_value / 200)).toBeCloseTo(half, 6);
    expect(Math.log(200 / runc.lower_value)).toBeCloseTo(half, 6);
    expect(bmf["parity/cpu/events-per-second/gvisor"]!["events-per-second"]!.value).toBeCloseTo(400, 9);
  });

  it("falls back to the arithmetic mean for a metric with a run at zero, its interval below zero as shown", () => {
    const bmf = toBmf([{ guideId: "cpu", summaries: [summary(Number.NaN, [0, 3], [1])] }]);
    const runc = bmf["parity/cpu/events-per-second/runc"]!["events-per-second"]!;
    expect(runc.value).toBe(1.5);
    expect(runc.lower_value).toBeLessThan(0);
    expect(bmf["parity/cpu/events-per-second/gvisor"]!["delta-percent"]).toBeUndefined();
    expect(JSON.stringify(bmf)).not.toContain("null");
  });

  it("exports a finite Δ with the interval that decides its verdict", () => {
    const bmf = toBmf([{ guideId: "cpu", summaries: [summary(12.5, [1, 2], [2, 3])] }]);
    expect(bmf["parity/cpu/events-per-second/gvisor"]!["delta-percent"]).toEqual({
      value: 12.5,
      lower_value: 11.5,
      upper_value: 13.5,
    });
  });
});
