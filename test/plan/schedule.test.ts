import { describe, expect, it } from "vitest";
import { campaignArms, type PlanInput, planGuideRuns } from "../../runners/plan/schedule.ts";
import { runLog } from "../../runners/store/layout.ts";

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  guide: "cpu",
  runtimes: ["host", "runc", "gvisor"],
  baseline: "runc",
  noiseFloor: true,
  variants: [],
  runs: 5,
  warmup: 1,
  seed: 42,
  ...over,
});
const key = (p: { runtime: string; arm: string; variant?: string }) =>
  `${p.runtime}/${p.arm}${p.variant ? `/${p.variant}` : ""}`;

describe("planGuideRuns", () => {
  it("starts with one warm-up per runtime, then blocks in which every arm, A/A included, runs once", () => {
    const plan = planGuideRuns(input());
    expect(plan.slice(0, 3).map(key).sort()).toEqual(["gvisor/warmup", "host/warmup", "runc/warmup"]);
    for (let block = 0; block < 5; block++) {
      const runs = plan.slice(3 + block * 4, 3 + block * 4 + 4);
      expect(runs.map(key).sort()).toEqual(["gvisor/main", "host/main", "runc/aa", "runc/main"]);
      expect(new Set(runs.map((r) => r.run))).toEqual(new Set([block + 1]));
    }
    expect(plan).toHaveLength(3 + 5 * 4);
  });

  it(
    "orders each block at random from the seed: replayable, different for another seed or guide, no fixed place for " +
      "any arm",
    () => {
      const order = (over: Partial<PlanInput>) =>
        planGuideRuns(input({ runs: 20, warmup: 0, ...over }))
          .map(key)
          .join(" ");
      expect(order({})).toBe(order({}));
      expect(order({ seed: 43 })).not.toBe(order({}));
      expect(order({ guide: "memory" })).not.toBe(order({}));
      const plan = planGuideRuns(input({ runs: 20, warmup: 0 }));
      const firsts = new Set(plan.filter((_, i) => i % 4 === 0).map(key));
      expect(firsts.size).toBeGreaterThan(2);
      expect(firsts).toContain("runc/aa");
    },
  );

  it("gives storage modes arms of their own and warms each runtime up in each mode", () => {
    const plan = planGuideRuns(input({ variants: ["filesystem", "block"], runs: 1, noiseFloor: false }));
    expect(plan.slice(0, 6).map(key).sort()).toEqual([
      "gvisor/warmup/block",
      "gvisor/warmup/filesystem",
      "host/warmup/block",
      "host/warmup/filesystem",
      "runc/warmup/block",
      "runc/warmup/filesystem",
    ]);
    expect(plan.slice(6).map(key).sort()).toEqual([
      "gvisor/main/block",
      "gvisor/main/filesystem",
      "host/main/block",
      "host/main/filesystem",
      "runc/main/block",
      "runc/main/filesystem",
    ]);
  });

  it("plans no warm-up when asked for none", () => {
    expect(
      planGuideRuns(input({ warmup: 0, runs: 1 }))
        .map(key)
        .sort(),
    ).toEqual(campaignArms(["host", "runc", "gvisor"], "runc", true).map(key).sort());
  });

  it("names raw logs by guide, step, runtime, mode, arm and run", () => {
    expect(runLog("cpu", { runtime: "runc", arm: "main", run: 3 })).toBe("raw/cpu/runc-3.log");
    expect(runLog("cpu", { runtime: "runc", arm: "aa", run: 2 })).toBe("raw/cpu/runc-aa-2.log");
    expect(runLog("io", { runtime: "gvisor", arm: "warmup", variant: "filesystem", run: 1 })).toBe(
      "raw/io/gvisor-filesystem-warmup-1.log",
    );
    expect(runLog("x", { runtime: "runc", arm: "main", run: 1 }, "step")).toBe("raw/x/step-runc-1.log");
  });
});
