/**
 * What waiting for a quiet machine and calibrating before every measured run (the local target's
 * settle step) adds to a campaign: times the step itself here, SETTLES times, and adds its median
 * once per run to each committed local campaign's wall time (warm-ups included: each is settled
 * too). Target: at most 5% of a campaign's wall time. Short runs (startup) pay the most; the
 * per-guide ratios show it.
 *
 *   npx tsx bench/settle-overhead.ts
 *   SETTLES=20 npx tsx bench/settle-overhead.ts
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QUIET_WAIT_MAX_MS } from "../runners/core/machine-state.ts";
import { CampaignStore } from "../runners/store/campaign-store.ts";
import { readCampaignSummaries } from "../runners/store/campaign-summaries.ts";
import { allowedCpus } from "../runners/targets/local/host-facts.ts";
import { cpuList } from "../runners/targets/local/run-environment.ts";
import { settle } from "../runners/targets/local/settle.ts";

const settles = Number(process.env.SETTLES ?? 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const cpuset = await allowedCpus();
const times: number[] = [];
let quiet = 0;
for (let i = 0; i < settles; i++) {
  const started = performance.now();
  const settled = await settle(cpuset, cpuList(cpuset), QUIET_WAIT_MAX_MS);
  times.push(performance.now() - started);
  if (settled?.quietAtStart) quiet++;
}
const step = median(times);
console.log(
  `settle step (quiet wait + calibration), ${settles} times: median ${step.toFixed(0)} ms, ` +
    `min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; quiet at once ${quiet}/${settles}`,
);

const store = new CampaignStore(join(fileURLToPath(new URL("../", import.meta.url)), "data", "campaigns"));
const byGuide = new Map<string, number[]>();
console.log("\nper committed local campaign: one step before each of its runs, against its wall time");
for (const id of await store.list()) {
  const { campaign, guides } = await readCampaignSummaries(store, id);
  if (campaign.target.kind !== "local" || !campaign.finishedAt) continue;
  let runs = 0;
  for (const g of guides) {
    runs += g.result.measurements.length;
    for (const m of g.result.measurements.filter((x) => x.arm !== "warmup"))
      byGuide.set(g.guide.id, [...(byGuide.get(g.guide.id) ?? []), Date.parse(m.finishedAt) - Date.parse(m.startedAt)]);
  }
  const wall = Date.parse(campaign.finishedAt) - Date.parse(campaign.startedAt);
  const ratio = (runs * step) / wall;
  console.log(
    `${id}: ${runs} runs in ${(wall / 60_000).toFixed(1)} min: settling adds ${(ratio * 100).toFixed(1)}% ` +
      `(target ≤ 5%): ${ratio <= 0.05 ? "OK" : "OVER"}`,
  );
}
console.log("\nper guide: its median run, and the step against it");
console.log("guide    median run (s)   settle / run");
for (const [guide, durations] of byGuide) {
  const run = median(durations);
  console.log(
    `${guide.padEnd(8)} ${(run / 1000).toFixed(2).padStart(14)}   ${((step / run) * 100).toFixed(1).padStart(11)}%`,
  );
}
