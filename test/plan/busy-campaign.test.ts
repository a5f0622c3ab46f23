import { describe, expect, it } from "vitest";
import { busyCampaignLead, busyRuns } from "../../runners/plan/busy-campaign.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";

/** A guide result whose measured runs saw these shares of others' CPU time (and one warm-up, busy). */
function result(otherCpu: number[]): GuideResult {
  const run = (arm: "main" | "warmup", otherCpuPercent: number, i: number) => ({
    arm,
    run: i + 1,
    environment: { loadAvg1: 1, otherCpuPercent, stealPercent: 0 },
  });
  return {
    measurements: [run("warmup", 90, 0), ...otherCpu.map((p, i) => run("main", p, i))],
  } as unknown as GuideResult;
}

describe("a campaign on a busy machine", () => {
  it("leads its summary with the fraction of busy runs, warm-ups left out", () => {
    const results = [result([0.2, 40, 12, 0.1]), result([100, 0.3])];
    expect(busyRuns(results)).toEqual({ busy: 3, runs: 6 });
    expect(busyCampaignLead(results)).toMatch(/^Busy machine: 3 of 6 runs \(50%\) ran while other processes/);
  });

  it("says nothing of a quiet one", () => {
    expect(busyCampaignLead([result([0.2, 0.1, 4.9])])).toBeUndefined();
  });
});
