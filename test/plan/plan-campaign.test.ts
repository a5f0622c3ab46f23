import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { wasRerun } from "../../runners/core/machine-state.ts";
import { guides } from "../../runners/guides/index.ts";
import { planCampaign, planSettings } from "../../runners/plan/plan-campaign.ts";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { GuideResultSchema } from "../../runners/schemas/guide-result.ts";

const guideOf = (id: string) => guides.get(id);
const options = {
  guides: ["cpu", "io", "startup"],
  runtimes: ["runc", "gvisor"],
  baseline: "runc",
  noiseFloor: true,
  runs: 5,
  warmup: 1,
  seed: 7,
  quick: false,
};

describe("planSettings", () => {
  it("records a guide's own run count unless --runs or --quick was given", () => {
    expect(planSettings(options, guideOf, ["filesystem"]).guideRuns).toEqual({ startup: 20 });
    expect(planSettings({ ...options, runsGiven: true }, guideOf, ["filesystem"]).guideRuns).toBeUndefined();
    expect(planSettings({ ...options, quick: true }, guideOf, ["filesystem"]).guideRuns).toBeUndefined();
  });

  it("records storage modes only when a guide needs storage", () => {
    expect(planSettings(options, guideOf, ["filesystem", "block"]).storageModes).toEqual(["filesystem", "block"]);
    expect(planSettings({ ...options, guides: ["cpu"] }, guideOf, ["block"]).storageModes).toBeUndefined();
  });
});

describe("planCampaign", () => {
  it("gives each guide its runs, and the storage modes to the guide with storage only", () => {
    const plans = planCampaign(planSettings(options, guideOf, ["filesystem", "block"]), guideOf);
    const count = Object.fromEntries(plans.map((p) => [p.guide, p.order().length]));
    // Arms: runc, gvisor and runc's A/A; warm-ups: one per runtime (and storage mode).
    expect(count).toEqual({ cpu: 2 + 5 * 3, io: 2 * (2 + 5 * 3), startup: 2 + 20 * 3 });
    expect(
      new Set(
        plans
          .find((p) => p.guide === "io")!
          .order()
          .map((r) => r.variant),
      ),
    ).toEqual(new Set(["filesystem", "block"]));
    expect(
      plans
        .find((p) => p.guide === "cpu")!
        .order()
        .every((r) => r.variant === undefined),
    ).toBe(true);
  });

  it("replays a published campaign's runs exactly from what campaign.json records", async () => {
    const dir = "data/campaigns/2026-11-30-local-b";
    const campaign = CampaignSchema.parse(JSON.parse(await readFile(`${dir}/campaign.json`, "utf8")));
    for (const plan of planCampaign(campaign, guideOf)) {
      const result = GuideResultSchema.parse(JSON.parse(await readFile(`${dir}/${plan.guide}.json`, "utf8")));
      const key = (r: { runtime: string; arm: string; variant?: string | undefined; run: number }) =>
        `${r.runtime}/${r.arm}/${r.variant ?? ""}/${r.run}`;
      const notRunnable = (r: { runtime: string; variant?: string | undefined }) =>
        (result.notRunnable ?? []).some((c) => c.runtime === r.runtime && c.variant === r.variant);
      const planned = plan
        .order()
        .filter((r) => !notRunnable(r))
        .map(key)
        .sort();
      // A run made again on a busy machine is one planned run: its first attempt is left out.
      expect(
        result.measurements
          .filter((m) => !wasRerun(m))
          .map(key)
          .sort(),
      ).toEqual(planned);
    }
  });
});
