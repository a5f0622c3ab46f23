import type { ExecResult } from "../contracts/exec-result.ts";
import { formatRawLog, runLabel, tail } from "../contracts/raw-log.ts";
import { directIoReached } from "../core/direct-io.ts";
import { ParityError, ParseError } from "../core/errors.ts";
import { verifyPlacement } from "../core/placement.ts";
import { splitProbe, wrapWithProbe, wrapWithProbeAfter } from "../core/probe.ts";
import { scrub } from "../core/scrub.ts";
import type { GuideDefinition, StepContext, StorageMode, StorageTarget } from "../guides/define-guide.ts";
import type { PlannedRun } from "../plan/schedule.ts";
import type { ThreadPolicy } from "../schemas/guide-result.ts";
import type { Measurement, RunEnvironment, StepRecord } from "../schemas/measurement.ts";
import type { NetworkFacts, StorageFacts, WorkloadFacts } from "../schemas/workload-facts.ts";
import { preconditionLog, runLog, runName } from "../store/layout.ts";
import { formatLifecycleLog, lifecycleLogPath } from "../store/lifecycle-log.ts";
import type { PeerRequest } from "../targets/target.ts";
import type { Context } from "./run-context.ts";
import { oversubscribeError } from "./thread-policy.ts";

/** What one probed exec runs and how. */
interface ProbedExec {
  runtime: string;
  argv: readonly string[];
  label: string;
  rawPath: string;
  meta: { guide: string; run: string };
  storage?: StorageTarget;
  probeAfter: boolean;
  realtime: boolean;
  untilReady: boolean;
  peer?: PeerRequest;
  /** Turns the failed step's stderr into a next step, when the guide knows one. */
  hint?: (stderr: string) => string | undefined;
}

/** Writes a raw log of this campaign with addresses and private names scrubbed; returns its path. */
function keepRaw(ctx: Context, path: string, text: string): Promise<string> {
  return ctx.store.writeRaw(ctx.options.id, path, scrub(text, ctx.target.privateNames?.()));
}

/**
 * The error of a command that exited non-zero: command, exit code, stderr tail, next step and
 * where the evidence is. The runtime's own account (runsc's logs) is written beside the raw log.
 */
async function failedRun(
  ctx: Context,
  label: string,
  argv: readonly string[],
  result: ExecResult,
  rawLog: string,
  nextStep?: string,
): Promise<ParityError> {
  const shown = (path: string) => ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${path}`);
  const runtimeLog = result.runtimeLog
    ? await keepRaw(ctx, rawLog.replace(/\.log$/, ".runtime.log"), result.runtimeLog)
    : undefined;
  return new ParityError(
    "TOOL_FAILED",
    {
      what: `${label}: \`${argv.join(" ")}\` exited with code ${result.exitCode}`,
      evidence: tail(result.stderr) || "(no stderr)",
      next:
        `${nextStep ? `${nextStep} The raw log is kept` : "read the raw log, kept"} at ${shown(rawLog)}` +
        `${runtimeLog ? `, the runtime's own log at ${shown(runtimeLog)}` : ""}`,
    },
    {
      details: {
        rawLog,
        exitCode: result.exitCode,
        stderr: scrub(tail(result.stderr), ctx.target.privateNames?.()),
        ...(runtimeLog ? { runtimeLog } : {}),
      },
    },
  );
}

/** Runs a workload once behind the probe, keeps its raw log and checks where it ran. */
async function execProbed(
  ctx: Context,
  { runtime, argv, label, rawPath, meta, storage, probeAfter, realtime, untilReady, peer, hint }: ProbedExec,
): Promise<{
  facts: WorkloadFacts;
  storage?: StorageFacts;
  network?: NetworkFacts;
  toolOutput: string;
  record: StepRecord;
  context: StepContext;
  environment?: RunEnvironment;
}> {
  const execOptions = {
    label,
    signal: ctx.signal,
    meta,
    ...(storage ? { storage } : {}),
    ...(realtime ? { realtime } : {}),
    ...(untilReady ? { untilReady } : {}),
    ...(peer ? { peer } : {}),
  };
  // A probe after a step that runs to its exit gets a workload of its own, so the step's timing covers the step alone.
  const separateProbe = probeAfter && !ctx.target.followsReadiness;
  const wrapped = separateProbe
    ? [...argv]
    : probeAfter
      ? wrapWithProbeAfter(argv)
      : wrapWithProbe(argv, storage, peer !== undefined);
  const result = await ctx.target.exec(runtime, wrapped, { ...execOptions, measured: true });
  const rawLog = await keepRaw(ctx, rawPath, formatRawLog(label, argv, result));
  // What the startup figures come from beyond the workload's output: the pod's timeline and the kubelet's metrics.
  if (result.lifecycle) await keepRaw(ctx, lifecycleLogPath(rawPath), formatLifecycleLog(label, result.lifecycle));
  if (result.peer)
    await keepRaw(
      ctx,
      rawPath.replace(/\.log$/, ".peer.log"),
      formatRawLog(`${label} (peer)`, peer!.argv, { ...result, stdout: result.peer.output, stderr: "" }),
    );
  const shownLog = ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${rawLog}`);
  if (result.exitCode !== 0) throw await failedRun(ctx, label, argv, result, rawLog, hint?.(result.stderr));
  let probed = result;
  let probeLog = shownLog;
  if (separateProbe) {
    probed = await ctx.target.exec(runtime, wrapWithProbe(["true"]), { ...execOptions, label: `${label} (probe)` });
    const path = await keepRaw(
      ctx,
      rawPath.replace(/\.log$/, ".probe.log"),
      formatRawLog(`${label} (probe)`, ["true"], probed),
    );
    probeLog = ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${path}`);
  }
  const {
    facts,
    storage: seen,
    network: interfaceSeen,
    toolOutput: probedOutput,
  } = splitProbe(probed.stdout, `${label} (raw log ${probeLog})`);
  const network = interfaceSeen && result.peer ? { path: result.peer.path, ...interfaceSeen } : undefined;
  // O_DIRECT accepted inside a runtime that does not carry it to the disk (gVisor) is not direct I/O.
  const storageFacts =
    seen && ((ctx.runtimeInfo.get(runtime)!.lacks?.directIo && seen.mode === "filesystem") || !directIoReached(seen))
      ? { ...seen, directIo: false }
      : seen;
  const toolOutput = separateProbe ? result.stdout : probedOutput;
  verifyPlacement(
    runtime,
    ctx.runtimeInfo.get(runtime)!.isolation,
    facts,
    ctx.views.get(runtime)!,
    ctx.runtimeInfo.get(runtime)!.proof,
  );
  ctx.target.verifyWorkload?.(runtime, facts);
  const record: StepRecord = {
    id: "",
    argv: [...argv],
    exitCode: result.exitCode,
    durationMs: Math.round(result.durationMs),
    rawLog,
    ...(result.imageDigest ? { imageDigest: result.imageDigest } : {}),
  };
  const context: StepContext = {
    ...(result.requestedAt !== undefined ? { requestedAt: result.requestedAt } : {}),
    ...(result.exitedAt !== undefined ? { exitedAt: result.exitedAt } : {}),
    ...(result.lifecycle ? { lifecycle: result.lifecycle } : {}),
  };
  return {
    facts,
    ...(storageFacts ? { storage: storageFacts } : {}),
    ...(network ? { network } : {}),
    toolOutput,
    record,
    context,
    ...(result.environment ? { environment: result.environment } : {}),
  };
}

/** Runs the guide's precondition on fresh storage in `runtime`, keeping its raw log; a failure is a failed run. */
async function precondition(
  ctx: Context,
  guide: GuideDefinition,
  params: Record<string, unknown>,
  runtime: string,
  storage: StorageTarget,
): Promise<void> {
  const label = `${guide.id} on ${runtime} (${storage.mode}), precondition`;
  const argv = guide.precondition!.argv({ ...params, threads: 1, storage } as never);
  const result = await ctx.target.exec(runtime, argv, {
    label,
    signal: ctx.signal,
    meta: { guide: guide.id, run: `${storage.mode}-precondition` },
    storage,
  });
  const rawLog = await keepRaw(
    ctx,
    preconditionLog(guide.id, runtime, storage.mode),
    formatRawLog(label, argv, result),
  );
  if (result.exitCode !== 0) throw await failedRun(ctx, label, argv, result, rawLog);
}

/** The scratch storage of a guide's runs on one runtime in one mode, made on first use. */
async function storageFor(
  ctx: Context,
  guide: GuideDefinition,
  params: Record<string, unknown>,
  runtime: string,
  mode: StorageMode,
): Promise<StorageTarget> {
  const key = `${guide.id}/${runtime}/${mode}`;
  let storage = ctx.storage.get(key);
  if (!storage) {
    if (!ctx.target.prepareStorage)
      throw new ParityError("INVALID_INPUT", {
        what: `The ${ctx.target.kind} target cannot provide storage for guide ${guide.id}`,
        next: "run that guide on a target with storage, or leave it out",
      });
    storage = await ctx.target.prepareStorage(runtime, mode, guide.storage!.sizeMiB(params as never) + 64);
    if (guide.precondition) await precondition(ctx, guide, params, runtime, storage);
    ctx.storage.set(key, storage);
  }
  return storage;
}

export async function runOne(
  ctx: Context,
  guide: GuideDefinition,
  params: Record<string, unknown>,
  threads: ThreadPolicy,
  run: PlannedRun,
): Promise<Measurement> {
  const label = runLabel(guide.id, run);
  const startedAt = new Date().toISOString();
  const steps: StepRecord[] = [];
  let metrics: Record<string, number | string> = {};
  let facts: WorkloadFacts | undefined;
  let storageFacts: StorageFacts | undefined;
  let network: NetworkFacts | undefined;
  let environment: RunEnvironment | undefined;
  const storage = run.variant ? await storageFor(ctx, guide, params, run.runtime, run.variant) : undefined;
  for (const step of guide.steps) {
    const argv = step.argv({ ...params, threads: threads.perRuntime[run.runtime]!, ...(storage ? { storage } : {}) });
    const rawPath = runLog(guide.id, run, guide.steps.length > 1 ? step.id : undefined);
    const probed = await execProbed(ctx, {
      runtime: run.runtime,
      argv,
      label,
      rawPath,
      meta: {
        guide: guide.id,
        run: runName(run),
      },
      ...(storage ? { storage } : {}),
      probeAfter: guide.probe === "after",
      realtime: guide.realtime === true,
      untilReady: guide.readiness === true,
      ...(guide.peer
        ? { peer: { argv: guide.peer.argv, ports: guide.peer.ports, runtime: ctx.options.baseline } }
        : {}),
      ...(step.hint ? { hint: step.hint } : {}),
    });
    facts = probed.facts;
    storageFacts = probed.storage ?? storageFacts;
    network = probed.network ?? network;
    environment = probed.environment ?? environment;
    const wanted = threads.perRuntime[run.runtime]!;
    if (facts.vcpus < wanted && !ctx.options.allowOversubscribe)
      throw oversubscribeError(run.runtime, wanted, facts.vcpus);
    try {
      metrics = { ...metrics, ...step.parse(probed.toolOutput, { ...probed.context, params, ran: true }) };
    } catch (error) {
      if (error instanceof ParseError) {
        const rawLog = ctx.store.display(`${ctx.store.dir(ctx.options.id)}/${probed.record.rawLog}`);
        throw new ParseError(`${label}: ${error.what}`, {
          cause: error,
          line: error.line,
          next: `${error.next}; the raw log is kept at ${rawLog}`,
        });
      }
      throw error;
    }
    steps.push({ ...probed.record, id: step.id });
  }
  const excluded = guide.exclude?.(metrics);
  return {
    runtime: run.runtime,
    arm: run.arm,
    run: run.run,
    ...(run.attempt ? { attempt: run.attempt } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
    metrics,
    workload: facts!,
    ...(run.variant ? { variant: run.variant } : {}),
    ...(storageFacts ? { storage: storageFacts } : {}),
    ...(network ? { network } : {}),
    steps,
    ...(environment ? { environment } : {}),
    ...(excluded ? { excluded } : {}),
  };
}
