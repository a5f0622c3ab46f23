import { ParityError, ParseError, isParityError } from "../core/errors.ts";
import { splitProbe, wrapWithProbe, wrapWithProbeAfter } from "../core/probe.ts";
import { verifyPlacement, type RunnerView } from "../core/placement.ts";
import { assertGuideRunsOn, type GuideDefinition, type StepContext, type StorageMode, type StorageTarget, type ToolRequirement } from "../guides/define-guide.ts";
import { guideFingerprint, guides as guideRegistry } from "../guides/index.ts";
import type { Registry } from "../guides/registry.ts";
import { campaignWarnings, guideWarnings } from "../plan/warnings.ts";
import { balancedSchedule, campaignArms, rawLogName, type PlannedRun } from "../plan/schedule.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult, ThreadPolicy } from "../schemas/guide-result.ts";
import type { Measurement, StepRecord } from "../schemas/measurement.ts";
import type { StorageFacts, WorkloadFacts } from "../schemas/workload-facts.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import type { RuntimeInfo, Target } from "../targets/target.ts";
import type { Progress } from "./progress.ts";
import { formatRawLog, tail } from "./raw-log.ts";

/** What `parity run` was asked to do, already validated. */
export interface CampaignOptions {
  id: string;
  release?: string;
  guides: string[];
  runtimes: string[];
  baseline: string;
  runs: number;
  quick: boolean;
  threads?: number;
  allowOversubscribe: boolean;
  noiseFloor: boolean;
  thresholdPercent: number;
  force: boolean;
  /** Continue the partial campaign `id`: runs already recorded are kept, the rest are done. */
  resume?: boolean;
  /** Storage modes of guides that need storage (default: every mode the target offers). */
  storageModes?: StorageMode[];
}

export interface CampaignDeps {
  target: Target;
  store: CampaignStore;
  progress: Progress;
  signal: AbortSignal;
  parity: Campaign["parity"];
  /** Guides to resolve ids against (default: every guide Parity ships). */
  guides?: Registry<GuideDefinition>;
}

interface Context extends CampaignDeps {
  options: CampaignOptions;
  runtimeInfo: Map<string, RuntimeInfo>;
  views: Map<string, RunnerView>;
  /** Scratch storage per guide, runtime and mode, made once and reused by every run. */
  storage: Map<string, StorageTarget>;
}

/** Explains the oversubscription trap of the reference write-up (16 threads on 15 vCPUs). */
function oversubscribeError(runtime: string, threads: number, vcpus: number): ParityError {
  return new ParityError(
    "OVERSUBSCRIBED",
    `Refusing to run ${threads} threads on runtime "${runtime}", whose workload sees ${vcpus} vCPU(s). ` +
      "More threads than vCPUs measures the oversubscription, not the runtime: a VM guest cannot borrow the host's spare core the way a container can, " +
      "so the sandbox looks slower than it is. Drop --threads to match the vCPUs seen, or pass --allow-oversubscribe to measure it on purpose (it is recorded).",
    { details: { runtime, threads, vcpus } },
  );
}

/** Runs a workload once behind the probe, keeps its raw log and checks where it ran. */
async function execProbed(
  ctx: Context,
  runtime: string,
  argv: readonly string[],
  label: string,
  rawPath: string,
  meta: { guide: string; run: string },
  storage?: StorageTarget,
  probeAfter = false,
): Promise<{ facts: WorkloadFacts; storage?: StorageFacts; toolOutput: string; record: StepRecord; context: StepContext }> {
  const wrapped = probeAfter ? wrapWithProbeAfter(argv) : wrapWithProbe(argv, storage);
  const result = await ctx.target.exec(runtime, wrapped, { label, signal: ctx.signal, meta, ...(storage ? { storage } : {}) });
  const rawLog = await ctx.store.writeRaw(ctx.options.id, rawPath, formatRawLog(label, argv, result));
  const shownLog = ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${rawLog}`);
  if (result.exitCode !== 0) {
    throw new ParityError(
      "TOOL_FAILED",
      `${label}: \`${argv.join(" ")}\` exited with code ${result.exitCode}.\n${tail(result.stderr) || "(no stderr)"}\nRaw log kept at ${shownLog}.`,
      { details: { rawLog: shownLog, exitCode: result.exitCode } },
    );
  }
  const { facts, storage: storageFacts, toolOutput } = splitProbe(result.stdout, `${label} (raw log ${shownLog})`);
  verifyPlacement(runtime, ctx.runtimeInfo.get(runtime)!.isolation, facts, ctx.views.get(runtime)!);
  ctx.target.verifyWorkload?.(runtime, facts);
  const record: StepRecord = { id: "", argv: [...argv], exitCode: result.exitCode, durationMs: Math.round(result.durationMs), rawLog, ...(result.imageDigest ? { imageDigest: result.imageDigest } : {}) };
  const context: StepContext = { ...(result.requestedAt !== undefined ? { requestedAt: result.requestedAt } : {}), ...(result.exitedAt !== undefined ? { exitedAt: result.exitedAt } : {}) };
  return { facts, ...(storageFacts ? { storage: storageFacts } : {}), toolOutput, record, context };
}

/** Chooses threads per runtime from the vCPUs seen, or checks `--threads` against them. */
export function threadPolicy(options: Pick<CampaignOptions, "threads" | "allowOversubscribe">, vcpusSeen: Record<string, number>): ThreadPolicy {
  const perRuntime: Record<string, number> = {};
  let oversubscribed = false;
  for (const [runtime, vcpus] of Object.entries(vcpusSeen)) {
    const threads = options.threads ?? vcpus;
    if (threads > vcpus) {
      if (!options.allowOversubscribe) throw oversubscribeError(runtime, threads, vcpus);
      oversubscribed = true;
    }
    perRuntime[runtime] = threads;
  }
  const policy: ThreadPolicy = { perRuntime, vcpusSeen, oversubscribed, allowOversubscribe: options.allowOversubscribe };
  if (options.threads !== undefined) policy.requested = options.threads;
  return policy;
}

/** The scratch storage of a guide's runs on one runtime in one mode, made on first use. */
async function storageFor(ctx: Context, guide: GuideDefinition, params: Record<string, unknown>, runtime: string, mode: StorageMode): Promise<StorageTarget> {
  const key = `${guide.id}/${runtime}/${mode}`;
  let storage = ctx.storage.get(key);
  if (!storage) {
    if (!ctx.target.prepareStorage) throw new ParityError("INVALID_INPUT", `The ${ctx.target.kind} target cannot provide storage for guide ${guide.id}.`);
    storage = await ctx.target.prepareStorage(runtime, mode, guide.storageMiB!(params as never) + 64);
    ctx.storage.set(key, storage);
  }
  return storage;
}

async function runOne(ctx: Context, guide: GuideDefinition, params: Record<string, unknown>, threads: ThreadPolicy, run: PlannedRun): Promise<Measurement> {
  const label = `${guide.id} on ${run.runtime}${run.variant ? ` (${run.variant})` : ""}${run.arm === "aa" ? " (A/A)" : ""}, run ${run.run}`;
  const startedAt = new Date().toISOString();
  const steps: StepRecord[] = [];
  let metrics: Record<string, number | string> = {};
  let facts: WorkloadFacts | undefined;
  let storageFacts: StorageFacts | undefined;
  const storage = run.variant ? await storageFor(ctx, guide, params, run.runtime, run.variant as StorageMode) : undefined;
  for (const step of guide.steps) {
    const argv = step.argv({ ...params, threads: threads.perRuntime[run.runtime]!, ...(storage ? { storage } : {}) });
    const name = rawLogName(run);
    const rawPath = `raw/${guide.id}/${guide.steps.length > 1 ? `${step.id}-` : ""}${name}`;
    const probed = await execProbed(ctx, run.runtime, argv, label, rawPath, { guide: guide.id, run: `${run.variant ? `${run.variant}-` : ""}${run.arm === "aa" ? "aa-" : ""}${run.run}` }, storage, guide.probe === "after");
    facts = probed.facts;
    storageFacts = probed.storage ?? storageFacts;
    const wanted = threads.perRuntime[run.runtime]!;
    if (facts.vcpus < wanted && !ctx.options.allowOversubscribe) throw oversubscribeError(run.runtime, wanted, facts.vcpus);
    try {
      metrics = { ...metrics, ...step.parse(probed.toolOutput, probed.context) };
    } catch (error) {
      if (error instanceof ParseError) {
        throw new ParseError(`${label}: ${error.message} Raw log kept at ${ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${probed.record.rawLog}`)}.`, { cause: error, line: error.line });
      }
      throw error;
    }
    steps.push({ ...probed.record, id: step.id });
  }
  return {
    runtime: run.runtime, arm: run.arm, run: run.run, startedAt, finishedAt: new Date().toISOString(), metrics, workload: facts!,
    ...(run.variant ? { variant: run.variant } : {}), ...(storageFacts ? { storage: storageFacts } : {}), steps,
  };
}

/**
 * Runs a campaign: checks tools and runtimes, probes each runtime for its vCPUs, refuses
 * oversubscription, then runs every guide in a balanced interleaved order and writes the
 * results after every run. Whatever happens, the target is cleaned up; a campaign that
 * does not finish is kept with status `partial` and the reason.
 */
export async function runCampaign(options: CampaignOptions, deps: CampaignDeps): Promise<Campaign> {
  const guideDefs = options.guides.map((id) => (deps.guides ?? guideRegistry).get(id));
  const runtimeInfo = new Map(options.runtimes.map((id) => [id, deps.target.runtimes().find((r) => r.id === id)] as const));
  for (const [id, info] of runtimeInfo) {
    if (!info) throw new ParityError("UNKNOWN_RUNTIME", `Unknown runtime "${id}" for the ${deps.target.kind} target. Known runtimes: ${deps.target.runtimes().map((r) => r.id).join(", ")}.`);
  }
  const ctx: Context = { ...deps, options, runtimeInfo: runtimeInfo as Map<string, RuntimeInfo>, views: new Map(), storage: new Map() };
  for (const g of guideDefs) assertGuideRunsOn(g, deps.target.kind);
  const storageModes = options.storageModes ?? deps.target.storageModes?.() ?? [];
  if (guideDefs.some((g) => g.storageMiB) && storageModes.length === 0) {
    throw new ParityError("INVALID_INPUT", `The ${deps.target.kind} target offers no storage for guide ${guideDefs.find((g) => g.storageMiB)!.id}.`);
  }
  const tools = [...new Map(guideDefs.flatMap((g) => g.tools).map((t): [string, ToolRequirement] => [t.binary, t])).values()];
  const previous = options.resume ? await resumable(deps.store, options.id) : undefined;
  if (!previous && !options.force && (await deps.store.exists(options.id))) await deps.store.claim(options.id, false);
  let campaign: Campaign | undefined;
  try {
    await deps.target.prepare(tools, options.runtimes);
    // Probe every runtime before anything is written, so a refusal leaves no files behind.
    const vcpusSeen: Record<string, number> = {};
    const probeLogs: Array<[string, string]> = [];
    for (const runtime of options.runtimes) {
      ctx.views.set(runtime, await deps.target.runnerView(runtime));
      const label = `probe of ${runtime}`;
      const result = await deps.target.exec(runtime, wrapWithProbe(["true"]), { label, signal: deps.signal, meta: { guide: "probe", run: "0" } });
      if (result.exitCode !== 0) {
        throw new ParityError("TOOL_FAILED", `${label}: the workload could not start (exit code ${result.exitCode}).\n${tail(result.stderr) || "(no stderr)"}`);
      }
      const { facts } = splitProbe(result.stdout, label);
      verifyPlacement(runtime, runtimeInfo.get(runtime)!.isolation, facts, ctx.views.get(runtime)!);
      deps.target.verifyWorkload?.(runtime, facts);
      vcpusSeen[runtime] = facts.vcpus;
      probeLogs.push([`raw/probe/${runtime}.log`, formatRawLog(label, ["true"], result)]);
      deps.progress.log(`${runtime}: the workload sees ${facts.vcpus} vCPU(s), kernel ${facts.kernel}`);
    }
    const threads = threadPolicy(options, vcpusSeen);

    if (previous) {
      campaign = { ...previous, status: "partial" };
      delete campaign.interruption;
    } else {
      await deps.store.claim(options.id, options.force);
      campaign = {
        schemaVersion: 1,
        id: options.id,
        ...(options.release ? { release: options.release } : {}),
        quick: options.quick,
        status: "partial",
        startedAt: new Date().toISOString(),
        parity: deps.parity,
        target: { kind: deps.target.kind, description: deps.target.description },
        baseline: options.baseline,
        runtimes: options.runtimes,
        runs: options.runs,
        noiseFloor: options.noiseFloor,
        thresholdPercent: options.thresholdPercent,
        hosts: await deps.target.hostFacts(tools),
        guides: options.guides,
        ...(guideDefs.some((g) => g.storageMiB) ? { storageModes } : {}),
        warnings: campaignWarnings(options),
      };
      for (const [path, text] of probeLogs) await deps.store.writeRaw(options.id, path, text);
    }
    await deps.store.writeCampaign(campaign);

    for (const guide of guideDefs) {
      const arms = campaignArms(options.runtimes, options.baseline, options.noiseFloor, guide.storageMiB ? storageModes : []);
      const params = guide.parameters.parse(options.quick ? guide.quick : {}) as Record<string, unknown>;
      const result = previous ? await resumeGuide(deps.store, options.id, guide, params, threads) : undefined;
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
      const key = (r: { runtime: string; arm: string; run: number; variant?: string }) => `${r.runtime}/${r.variant ?? ""}/${r.arm}/${r.run}`;
      const done = new Set(current.measurements.map(key));
      for (const run of balancedSchedule(arms, options.runs)) {
        if (done.has(key(run))) continue;
        deps.progress.start(`${guide.id} · ${run.runtime}${run.variant ? ` · ${run.variant}` : ""}${run.arm === "aa" ? " (A/A)" : ""} · run ${run.run}/${options.runs}`);
        const began = performance.now();
        current.measurements.push(await runOne(ctx, guide, params, current.threads, run));
        await deps.store.writeGuide(options.id, current);
        deps.progress.done((performance.now() - began) / 1000);
      }
      current.warnings = guideWarnings(guide, current, options.runtimes, Object.fromEntries([...runtimeInfo].map(([id, info]) => [id, info!.isolation])));
      await deps.store.writeGuide(options.id, current);
    }
    campaign = { ...campaign, status: "complete", finishedAt: new Date().toISOString() };
    await deps.store.writeCampaign(campaign);
    await deps.target.cleanup();
    return campaign;
  } catch (error) {
    if (campaign) {
      const reason = isParityError(error, "INTERRUPTED") ? "interrupted (Ctrl-C or SIGTERM)" : (error as Error).message.split("\n")[0]!;
      await deps.store.writeCampaign({ ...campaign, status: "partial", finishedAt: new Date().toISOString(), interruption: reason });
    }
    // Clean up before reporting, and never let a cleanup failure hide why the campaign stopped.
    await deps.target.cleanup().catch((cleanupError: unknown) => deps.progress.log(`cleanup also failed: ${(cleanupError as Error).message}`));
    throw error;
  } finally {
    deps.progress.finish();
  }
}

/** The partial campaign `--resume` continues; a complete one is refused. */
async function resumable(store: CampaignStore, id: string): Promise<Campaign> {
  const campaign = await store.readCampaign(id);
  if (campaign.status === "complete") throw new ParityError("INVALID_INPUT", `Campaign "${id}" is already complete; there is nothing to resume. Start a new campaign id.`);
  return campaign;
}

/** A guide's results so far, checked to be comparable with the runs still to do. */
async function resumeGuide(store: CampaignStore, id: string, guide: GuideDefinition, params: Record<string, unknown>, threads: ThreadPolicy): Promise<GuideResult | undefined> {
  if (!(await store.guideExists(id, guide.id))) return undefined;
  const result = await store.readGuide(id, guide.id);
  if (result.fingerprint !== guideFingerprint(guide, params)) {
    throw new ParityError("INVALID_INPUT", `Cannot resume campaign "${id}": guide ${guide.id} changed since its first runs, so old and new runs would not be comparable. Start a new campaign.`);
  }
  for (const [runtime, n] of Object.entries(threads.perRuntime)) {
    if (result.threads.perRuntime[runtime] !== undefined && result.threads.perRuntime[runtime] !== n) {
      throw new ParityError("INVALID_INPUT", `Cannot resume campaign "${id}": ${runtime} would now run ${n} threads, the first runs used ${result.threads.perRuntime[runtime]} (its vCPUs changed). Start a new campaign.`);
    }
  }
  return result;
}
