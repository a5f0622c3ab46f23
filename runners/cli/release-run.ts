import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { execa } from "execa";
import { clusterLayout } from "../cluster/layout.ts";
import { isParityError, ParityError } from "../core/errors.ts";
import { guides } from "../guides/index.ts";
import type { Progress } from "../run/progress.ts";
import type { Campaign } from "../schemas/campaign.ts";
import { IdSchema, StorageModeSchema } from "../schemas/common.ts";
import type { ReleaseConfig, ReleaseTarget } from "../schemas/release-config.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import { checkCampaign } from "../store/check.ts";
import { cpuList } from "../targets/local/run-environment.ts";
import { machineBusy } from "../targets/local/settle.ts";
import { createTarget, defaultBaseline } from "./create-target.ts";
import { type CampaignRequest, executeCampaign, plannedSeconds, withInterrupts } from "./execute-campaign.ts";
import { localClusterOptions, startLocalCluster, stopLocalCluster } from "./local-cluster.ts";
import { parseRunArgs } from "./options.ts";
import { repoRoot } from "./paths.ts";
import { resumeOptions } from "./resume-options.ts";

/** One target of a release and its campaign. */
interface Step {
  target: ReleaseTarget;
  id: string;
  state: "new" | "resume" | "done";
}

/** The campaign id of a target in a release: `<label>-<name>`, e.g. `v0.3.0-local`. */
export function releaseCampaignId(label: string, target: Pick<ReleaseTarget, "name">): string {
  const id = `${label}-${target.name}`;
  if (!IdSchema.safeParse(id).success)
    throw new ParityError("INVALID_INPUT", {
      what: `Release label "${label}" cannot name a campaign ("${id}")`,
      next: "use lower-case letters, digits, dots and dashes, e.g. v0.3.0",
    });
  return id;
}

/** Which targets still need their campaign; refuses a label already used unless resuming. */
async function steps(label: string, config: ReleaseConfig, store: CampaignStore, resume: boolean): Promise<Step[]> {
  const out: Step[] = [];
  for (const target of config.targets) {
    const id = releaseCampaignId(label, target);
    if (!(await store.exists(id))) {
      out.push({ target, id, state: "new" });
      continue;
    }
    if (!resume)
      throw new ParityError("CAMPAIGN_EXISTS", {
        what: `Release ${label} already has campaign ${id}`,
        next: `complete the release with \`parity release ${label} --resume\`, or choose a new label`,
      });
    const status = (await store.readCampaign(id)).status;
    out.push({ target, id, state: status === "complete" ? "done" : "resume" });
  }
  return out;
}

/** The `parity run` options of one target of the release. */
async function request(
  label: string,
  config: ReleaseConfig,
  step: Step,
  store: CampaignStore,
): Promise<CampaignRequest> {
  const t = step.target;
  const cluster = t.target === "kubernetes" && t.cluster === "local" ? localClusterOptions(clusterLayout()) : {};
  const kube =
    t.target === "kubernetes"
      ? {
          ...cluster,
          ...(t.kubeconfig ? { kubeconfig: t.kubeconfig } : {}),
          ...(t.image ? { image: t.image } : {}),
          ...(t.namespace ? { namespace: t.namespace } : {}),
          ...(t.realtimeNamespace ? { realtimeNamespace: t.realtimeNamespace } : {}),
          ...(t.storageClass ? { storageClass: t.storageClass } : {}),
          ...(t.profiles ? { profiles: t.profiles } : {}),
        }
      : {};
  let options = parseRunArgs({
    guides: t.guides ?? guides.all().map((g) => g.id),
    target: t.target,
    runtimes: t.runtimes.join(","),
    baseline: defaultBaseline(t.runtimes.join(",")),
    runs: "5",
    campaign: step.id,
    release: label,
    quick: config.quick,
    allowOversubscribe: false,
    noiseFloor: !config.quick,
    warmup: config.quick ? "0" : "1",
    maxRuns: String(config.maxRuns),
    looks: String(config.looks),
    budget: String(config.budgetMinutes),
    spending: config.spending,
    seed: String(randomInt(2 ** 31)),
    force: false,
    resume: step.state === "resume",
    ...kube,
  });
  if (options.resume) options = await resumeOptions(store, options, {});
  return { options, parameters: {}, runsGiven: options.resume, store };
}

/** Refuses a busy machine unless told; what was seen when told to go on, recorded in every campaign. */
async function busyStart(allowBusy: boolean): Promise<string | undefined> {
  const seen = await machineBusy(cpuList(`0-${availableParallelism() - 1}`));
  if (seen && !allowBusy)
    throw new ParityError("MACHINE_BUSY", {
      what: `This machine is busy: ${seen}; a release measured now would publish noise`,
      next: "stop what runs beside it and start again, or pass --allow-busy (recorded in each campaign)",
    });
  return seen;
}

/**
 * Regenerates a release: every target of `config` in turn (the local cluster started and stopped
 * around its campaign), with adaptive rounds shared out of the time budget, then `parity check` on
 * each campaign. Completed campaigns of an interrupted release are kept and skipped on --resume.
 */
export async function runRelease(
  label: string,
  config: ReleaseConfig,
  o: { store: CampaignStore; resume: boolean; allowBusy: boolean; progress: (estimates: number[]) => Progress },
): Promise<Campaign[]> {
  const all = await steps(label, config, o.store, o.resume);
  const pending = all.filter((s) => s.state !== "done");
  const busy = pending.length > 0 ? await busyStart(o.allowBusy) : undefined;
  const requests = await Promise.all(pending.map((s) => request(label, config, s, o.store)));
  const planned = await Promise.all(requests.map((r) => plannedSeconds(r, StorageModeSchema.options)));
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  // The planned runs always run: a plan longer than the window cannot be one record of one window.
  if (sum(planned.flat()) > config.budgetMinutes * 60)
    throw new ParityError("INVALID_INPUT", {
      what:
        `Release ${label}'s planned runs take about ${Math.round(sum(planned.flat()) / 60)} min by the guides' ` +
        `estimates, more than its budget of ${config.budgetMinutes} min (release.yaml)`,
      next: "drop runtimes or guides from release.yaml, or raise budgetMinutes if a quiet window that long is at hand",
    });
  const progress = o.progress(planned.flat());
  const budgetEnd = Date.now() + config.budgetMinutes * 60_000;
  progress.log(
    `Release ${label}: ${pending.map((s) => s.id).join(", ") || "nothing left"} to run, ` +
      `${planned.flat().length} planned runs (about ${Math.round(sum(planned.flat()) / 60)} min by the guides' ` +
      `estimates, corrected as runs finish); adaptive rounds may add time until the budget ends at ` +
      `${new Date(budgetEnd).toISOString().slice(11, 16)} UTC.`,
  );
  await withInterrupts(progress, "containers and pods", async (signal) => {
    for (const [i, step] of pending.entries()) {
      const local = step.target.target === "kubernetes" && step.target.cluster === "local";
      if (local) await startLocalCluster("systrap", (line) => progress.log(`cluster: ${line}`));
      try {
        const target = await createTarget(requests[i]!.options);
        // One deadline for every target: a look starts only if it and every planned run behind it, this
        // target's and the later targets', fit before the window ends (runners/plan/look-budget.ts).
        await executeCampaign(requests[i]!, target, progress, signal, {
          deadline: budgetEnd,
          ...(busy ? { busyStart: busy } : {}),
        });
      } finally {
        if (local) await stopLocalCluster({ purge: false }, (line) => progress.log(`cluster: ${line}`));
      }
    }
  }).catch((error: unknown) => {
    if (!isParityError(error, "INTERRUPTED")) throw error;
    throw new ParityError(
      "INTERRUPTED",
      {
        what: `Release ${label} was interrupted`,
        next: `complete it with \`parity release ${label} --resume\``,
      },
      { cause: error },
    );
  });
  const campaigns: Campaign[] = [];
  for (const step of all) {
    const { problems } = await checkCampaign(o.store, step.id);
    if (problems.length > 0)
      throw new ParityError("INVALID_DATA", {
        what: `Campaign ${step.id} of release ${label} fails parity check`,
        evidence: problems.map((p) => `- ${p}`).join("\n"),
        next: `read \`npx parity check ${step.id}\`, fix the cause and run the release again with a new label`,
      });
    campaigns.push(await o.store.readCampaign(step.id));
  }
  return campaigns;
}

/** Builds the site from `data` (astro build), its output on stderr; the build verifies every campaign again. */
export async function buildSite(data: string): Promise<void> {
  const build = await execa("npx", ["astro", "build"], {
    cwd: repoRoot,
    env: { PARITY_DATA: data },
    reject: false,
    stdout: ["pipe", process.stderr],
    stderr: ["pipe", process.stderr],
  });
  if (build.exitCode !== 0)
    throw new ParityError("INVALID_DATA", {
      what: `The site build failed (exit code ${build.exitCode})`,
      evidence: String(build.stderr).split("\n").slice(-10).join("\n"),
      next: "read the build's output above; `npm run build` repeats it",
    });
}
