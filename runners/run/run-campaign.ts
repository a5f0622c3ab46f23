import { formatRawLog, tail } from "../contracts/raw-log.ts";
import type { RuntimeInfo } from "../contracts/runtime-info.ts";
import { interrupted, isParityError, ParityError } from "../core/errors.ts";
import { verifyPlacement } from "../core/placement.ts";
import { splitProbe, wrapWithProbe } from "../core/probe.ts";
import { scrub } from "../core/scrub.ts";
import type { ToolRequirement } from "../guides/define-guide.ts";
import { guideFingerprint, guides as guideRegistry } from "../guides/index.ts";
import { unsettledCells } from "../plan/adaptive-runs.ts";
import { lookFits } from "../plan/look-budget.ts";
import { planCampaign, planSettings } from "../plan/plan-campaign.ts";
import { campaignWarnings, clockWarnings, guideWarnings, runtimeSettingsWarnings } from "../plan/warnings.ts";
import type { Campaign } from "../schemas/campaign.ts";
import { METHOD_VERSION, type Warning } from "../schemas/common.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { guidePlan, guideRunsReached } from "../stats/sequential-plan.ts";
import { writeDigests } from "../store/digests.ts";
import { probeLog } from "../store/layout.ts";
import { guideParameters, runSeconds } from "./guide-parameters.ts";
import { refusePatch } from "./refuse-patch.ts";
import { resumable, resumeGuide } from "./resume.ts";
import type { CampaignDeps, CampaignOptions, Context } from "./run-context.ts";
import { runWaves } from "./run-guide.ts";
import { threadPolicy } from "./thread-policy.ts";

export type { CampaignDeps, CampaignOptions } from "./run-context.ts";
export { threadPolicy } from "./thread-policy.ts";

/**
 * Runs a campaign: checks tools and runtimes, probes each runtime for its vCPUs, refuses
 * oversubscription, then runs every guide in a balanced interleaved order and writes the
 * results after every run. Whatever happens, the target is cleaned up; a campaign that
 * does not finish is kept with status `partial` and the reason.
 */
export async function runCampaign(options: CampaignOptions, deps: CampaignDeps): Promise<Campaign> {
  const unlock = await deps.store.lock(options.id, (message) => deps.progress.log(message));
  try {
    return await runLocked(options, deps);
  } finally {
    await unlock();
  }
}

/**
 * What an interrupt left: a partial campaign that --resume completes, or, before its first
 * write, nothing at all (a --force run has not moved the campaign it replaces yet).
 */
function interruptedCampaign(options: CampaignOptions, written: boolean): ParityError {
  return written
    ? new ParityError("INTERRUPTED", {
        what: `Campaign "${options.id}" was interrupted; it is kept as partial, with every run that finished`,
        next: `complete it with \`parity run --resume --campaign ${options.id}\``,
      })
    : new ParityError("INTERRUPTED", {
        what: `Campaign "${options.id}" was interrupted before its first file was written: nothing was kept`,
        next: "start it again with the same command",
      });
}

/**
 * Why an adaptive guide stopped short of its cap: its next round, with the planned runs still to come
 * behind it, would have ended after the time budget.
 */
function budgetStop(guide: string, runs: number, lookMs: number, plannedLeftMs: number): Warning {
  return {
    code: "time-budget",
    guide,
    message:
      `${guide}: stopped at the look of ${runs} runs per runtime: the runs to the next look (about ` +
      `${Math.round(lookMs / 1000)} s), then the ${Math.round(plannedLeftMs / 60_000)} min of planned runs still ` +
      "to come, would have ended after the time budget.",
  };
}

/** The campaign itself, while this process holds its lock. */
async function runLocked(options: CampaignOptions, deps: CampaignDeps): Promise<Campaign> {
  const guideOf = (id: string) => (deps.guides ?? guideRegistry).get(id);
  const guideDefs = options.guides.map(guideOf);
  const runtimeInfo = new Map(
    options.runtimes.map((id) => [id, deps.target.runtimes().find((r) => r.id === id)] as const),
  );
  for (const [id, info] of runtimeInfo) {
    if (!info)
      throw new ParityError("UNKNOWN_RUNTIME", {
        what: `Unknown runtime "${id}" for the ${deps.target.kind} target`,
        next: `pick one of its runtimes: ${deps.target
          .runtimes()
          .map((r) => r.id)
          .join(", ")}`,
      });
  }
  const ctx: Context = {
    ...deps,
    options,
    runtimeInfo: runtimeInfo as Map<string, RuntimeInfo>,
    views: new Map(),
    storage: new Map(),
  };
  const storageModes = options.storageModes ?? deps.target.storageModes?.() ?? [];
  if (guideDefs.some((g) => g.storage) && storageModes.length === 0) {
    throw new ParityError("INVALID_INPUT", {
      what: `The ${deps.target.kind} target offers no storage for guide ${guideDefs.find((g) => g.storage)!.id}`,
      next: "run that guide on a target with storage, or leave it out",
    });
  }
  const tools = [
    ...new Map(guideDefs.flatMap((g) => g.tools).map((t): [string, ToolRequirement] => [t.binary, t])).values(),
  ];
  const previous = options.resume ? await resumable(deps.store, options.id) : undefined;
  if (!previous && !options.force && (await deps.store.exists(options.id))) await deps.store.claim(options.id, false);
  await refusePatch(deps.store, options, deps.target.kind);
  let campaign: Campaign | undefined;
  try {
    await deps.target.prepare(tools, options.runtimes, {
      realtime: guideDefs.some((g) => g.realtime === true),
      readiness: guideDefs.some((g) => g.readiness === true),
    });
    const clock = deps.target.clockFacts?.();
    // Probe every runtime before anything is written, so a refusal leaves no files behind.
    const vcpusSeen: Record<string, number> = {};
    const cpuModelSeen: Record<string, string> = {};
    const probeLogs: Array<[string, string]> = [];
    for (const runtime of options.runtimes) {
      ctx.views.set(runtime, await deps.target.runnerView(runtime));
      const label = `probe of ${runtime}`;
      const result = await deps.target.exec(runtime, wrapWithProbe(["true"]), {
        label,
        signal: deps.signal,
        meta: { guide: "probe", run: "0" },
      });
      if (result.exitCode !== 0) {
        throw new ParityError("TOOL_FAILED", {
          what: `${label}: the workload could not start (exit code ${result.exitCode})`,
          evidence: tail(result.stderr) || "(no stderr)",
          next: "fix what the runtime says above, then run the campaign again",
        });
      }
      const { facts } = splitProbe(result.stdout, label);
      verifyPlacement(
        runtime,
        runtimeInfo.get(runtime)!.isolation,
        facts,
        ctx.views.get(runtime)!,
        runtimeInfo.get(runtime)!.proof,
      );
      deps.target.verifyWorkload?.(runtime, facts);
      vcpusSeen[runtime] = facts.vcpus;
      if (facts.cpuModel) cpuModelSeen[runtime] = facts.cpuModel;
      probeLogs.push([probeLog(runtime), formatRawLog(label, ["true"], result)]);
      deps.progress.log(`${runtime}: the workload sees ${facts.vcpus} vCPU(s), kernel ${facts.kernel}`);
    }
    const threads = threadPolicy(options, vcpusSeen);

    if (deps.signal.aborted) throw interrupted(`Campaign "${options.id}"`);
    if (previous) {
      campaign = { ...previous, status: "partial" };
      delete campaign.interruption;
      await deps.store.writeCampaign(campaign);
    } else {
      // A cluster's API reports no CPU model: a node's is the one its runtime's workload saw in /proc/cpuinfo.
      const hosts = (await deps.target.hostFacts(tools)).map((h) =>
        h.cpuModel || !cpuModelSeen[h.role] ? h : { ...h, cpuModel: cpuModelSeen[h.role] },
      );
      const created: Campaign = {
        schemaVersion: 1,
        id: options.id,
        method: METHOD_VERSION,
        ...(options.release ? { release: options.release } : {}),
        quick: options.quick,
        status: "partial",
        startedAt: new Date().toISOString(),
        parity: deps.parity,
        target: { kind: deps.target.kind, description: deps.target.description, ...(clock ? { clock } : {}) },
        ...planSettings(options, (id) => guideOf(id), storageModes),
        ...(options.maxRuns !== undefined ? { maxRuns: options.maxRuns } : {}),
        thresholdPercent: options.thresholdPercent,
        hosts,
        parameters: Object.fromEntries(
          guideDefs.map((g) => [g.id, guideParameters(g, options.quick, options.parameters?.[g.id])]),
        ),
        warnings: [...campaignWarnings(options), ...clockWarnings(clock), ...runtimeSettingsWarnings(hosts)],
      };
      // Claimed and written with no wait between: an interrupt lands either before (nothing on
      // disk) or after (a partial campaign that --resume completes), never in between.
      if (deps.signal.aborted) throw interrupted(`Campaign "${options.id}"`);
      await deps.store.claim(options.id, options.force);
      await deps.store.writeCampaign(created);
      campaign = created;
      for (const [path, text] of probeLogs)
        await deps.store.writeRaw(options.id, path, scrub(text, deps.target.privateNames?.()));
    }

    for (const guide of guideDefs) {
      const stored =
        previous && (await deps.store.guideExists(options.id, guide.id))
          ? await deps.store.readGuide(options.id, guide.id)
          : undefined;
      const params =
        stored?.parameters ??
        campaign.parameters?.[guide.id] ??
        guideParameters(guide, options.quick, options.parameters?.[guide.id]);
      const { runs, order } = planCampaign(campaign, guideOf).find((p) => p.guide === guide.id)!;
      const result = stored ? resumeGuide(stored, options.id, guide, params, threads) : undefined;
      const current: GuideResult = result ?? {
        schemaVersion: 1,
        guide: guide.id,
        guideVersion: guide.version,
        fingerprint: guideFingerprint(guide, params),
        parameters: params,
        threads,
        measurements: [],
        warnings: [],
      };
      const roundStarted = Date.now();
      await runWaves(ctx, guide, params, current, order(), runs);
      // A first guess at a round: the planned runs' time spread over their rounds (warm-ups included).
      let roundMs = (Date.now() - roundStarted) / runs;
      const budgetStops: Warning[] = [];
      // Adaptive: at each look of the plan fixed before the first run, whole blocks more up to the
      // next look while a primary verdict is open (the plan's spending keeps the error rate at α).
      const looks: readonly number[] = guidePlan(campaign, guide.id).looks;
      let reached: number = guideRunsReached(campaign, guide.id);
      for (
        let next = looks.find((l) => l > reached);
        next !== undefined && unsettledCells(guide, current, campaign).length > 0;
        reached = next, next = looks.find((l) => l > reached)
      ) {
        const lookMs = roundMs * (next - reached);
        const plannedLeftMs = deps.progress.remainingSeconds() * 1000;
        if (
          options.deadline !== undefined &&
          !lookFits({ nowMs: Date.now(), lookMs, plannedLeftMs, deadlineMs: options.deadline })
        ) {
          budgetStops.push(budgetStop(guide.id, reached, lookMs, plannedLeftMs));
          deps.progress.log(budgetStops[0]!.message);
          break;
        }
        const rounds = order(next).filter((r) => r.arm !== "warmup" && r.run > reached);
        deps.progress.add(rounds.map(() => runSeconds(guide, params)));
        deps.progress.log(
          `${guide.id}: a primary verdict is still open at ${reached} runs; adding runs ${reached + 1}–${next}, the ` +
            `plan's next look (looks at ${looks.join(", ")}).`,
        );
        // Recorded before its runs: a resume completes the look rather than stopping between looks.
        campaign = { ...campaign, guideRuns: { ...campaign.guideRuns, [guide.id]: next } };
        await deps.store.writeCampaign(campaign);
        const lookStarted = Date.now();
        await runWaves(ctx, guide, params, current, rounds, next);
        roundMs = (Date.now() - lookStarted) / (next - reached);
      }
      current.warnings = [
        ...guideWarnings(
          guide,
          current,
          options.runtimes,
          Object.fromEntries(runtimeInfo) as Record<string, RuntimeInfo>,
        ),
        ...budgetStops,
      ];
      await deps.store.writeGuide(options.id, current);
    }
    // Complete only once nothing is left behind: a cleanup that fails leaves the campaign partial.
    await deps.target.cleanup();
    campaign = { ...campaign, status: "complete", finishedAt: new Date().toISOString() };
    await deps.store.writeCampaign(campaign);
    await writeDigests(deps.store.dir(options.id));
    await deps.store.dropReplaced(options.id);
    return campaign;
  } catch (caught) {
    const error = isParityError(caught, "INTERRUPTED") ? interruptedCampaign(options, campaign !== undefined) : caught;
    if (campaign) {
      const reason = isParityError(error, "INTERRUPTED")
        ? "interrupted (Ctrl-C or SIGTERM)"
        : scrub((error as Error).message.split("\n")[0]!, deps.target.privateNames?.());
      await deps.store.writeCampaign({
        ...campaign,
        status: "partial",
        finishedAt: new Date().toISOString(),
        interruption: reason,
      });
    }
    if (options.force && !previous && campaign)
      deps.progress.log(
        `The campaign this run replaces is kept at ${deps.store.display(deps.store.replacedDir(options.id))} until a ` +
          `run of ${options.id} completes.`,
      );
    // Clean up before reporting, and never let a cleanup failure hide why the campaign stopped.
    await deps.target
      .cleanup()
      .catch((cleanupError: unknown) => deps.progress.log(`cleanup also failed: ${(cleanupError as Error).message}`));
    throw error;
  } finally {
    deps.progress.finish();
  }
}
