/**
 * How long a release takes, and where its time goes. For the newest release in data/ (or the
 * label given), per campaign: its wall time, the share its runs spent measuring, waiting for a
 * quiet machine and calibrating, and the whole release's window against release.yaml's budget.
 * Then what release.yaml would take at its first looks, estimated from the run times those
 * campaigns recorded (each guide's median run, overhead included, per kind of target), so that a
 * release's plan can be checked against its quiet window before it starts.
 *
 *   npx tsx bench/release-time.ts
 *   npx tsx bench/release-time.ts v0.3.0
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadReleaseConfig } from "../runners/cli/load-release-config.ts";
import { guides } from "../runners/guides/index.ts";
import { planCampaign, planSettings } from "../runners/plan/plan-campaign.ts";
import type { Campaign } from "../runners/schemas/campaign.ts";
import type { GuideResult } from "../runners/schemas/guide-result.ts";
import { CampaignStore } from "../runners/store/campaign-store.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const store = new CampaignStore(join(root, "data", "campaigns"));
const config = await loadReleaseConfig(join(root, "release.yaml"));
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const share = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

const all: Array<{ campaign: Campaign; results: GuideResult[] }> = [];
for (const id of await store.list()) {
  const campaign = await store.readCampaign(id);
  if (campaign.status !== "complete" || campaign.quick) continue;
  const results = [];
  for (const g of campaign.guides) if (await store.guideExists(id, g)) results.push(await store.readGuide(id, g));
  all.push({ campaign, results });
}
const labelled = all
  .filter((c) => c.campaign.release)
  .sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt));
const label = process.argv[2] ?? labelled.at(-1)?.campaign.release;
const release = labelled.filter((c) => c.campaign.release === label);
if (release.length === 0) {
  console.error(`No complete release ${label ?? ""} in data/campaigns: nothing to time.`);
  process.exit(1);
}

console.log(`Release ${label}: ${release.length} campaign(s)`);
let [first, last] = [Number.POSITIVE_INFINITY, 0];
for (const { campaign, results } of release) {
  const [start, end] = [Date.parse(campaign.startedAt), Date.parse(campaign.finishedAt ?? campaign.startedAt)];
  [first, last] = [Math.min(first, start), Math.max(last, end)];
  const runs = results.flatMap((r) => r.measurements);
  const measuring = runs.reduce((s, m) => s + Date.parse(m.finishedAt) - Date.parse(m.startedAt), 0);
  const waiting = runs.reduce((s, m) => s + (m.environment?.quietWaitMs ?? 0), 0);
  const calibrating = runs.reduce((s, m) => s + (m.environment?.calibrationMs ?? 0), 0);
  const wall = end - start;
  console.log(
    `  ${campaign.id} (${campaign.target.kind}): wall ${minutes(wall)}; ` +
      `runs ${share(measuring, wall)} (settling included), of which ` +
      `waiting for quiet ${share(waiting, wall)}, calibrating ${share(calibrating, wall)}`,
  );
}
console.log(
  `  window: ${minutes(last - first)} from the first start to the last finish; budget ${config.budgetMinutes} min ` +
    `(ratio ${((last - first) / (config.budgetMinutes * 60_000)).toFixed(2)})`,
);

// Median wall time of one run of each guide, per kind of target, over every recorded campaign.
const runTimes = new Map<string, number[]>();
for (const { campaign, results } of all)
  for (const r of results)
    for (const m of r.measurements) {
      const key = `${campaign.target.kind}/${r.guide}`;
      runTimes.set(key, [...(runTimes.get(key) ?? []), Date.parse(m.finishedAt) - Date.parse(m.startedAt)]);
    }
console.log("release.yaml at its first looks, from the recorded run times:");
let total = 0;
for (const t of config.targets) {
  const settings = planSettings(
    {
      guides: t.guides ?? guides.all().map((g) => g.id),
      runtimes: t.runtimes,
      baseline: t.runtimes.includes("runc") ? "runc" : t.runtimes[0]!,
      noiseFloor: !config.quick,
      runs: 5,
      warmup: config.quick ? 0 : 1,
      seed: 0,
      quick: config.quick,
      maxRuns: config.maxRuns,
      looks: config.looks,
    },
    (id) => guides.get(id),
    ["filesystem", "block"],
  );
  let target = 0;
  const parts = planCampaign(settings, (id) => guides.get(id)).map((p) => {
    const ms = p.order().length * median(runTimes.get(`${t.target}/${p.guide}`) ?? []);
    target += Number.isFinite(ms) ? ms : 0;
    return `${p.guide} ${Number.isFinite(ms) ? minutes(ms) : "no recorded runs"}`;
  });
  total += target;
  console.log(`  ${t.name}: ${minutes(target)} (${parts.join(", ")})`);
}
console.log(
  `  all targets: ${minutes(total)}; budget ${config.budgetMinutes} min ` +
    `(ratio ${(total / (config.budgetMinutes * 60_000)).toFixed(2)})`,
);
