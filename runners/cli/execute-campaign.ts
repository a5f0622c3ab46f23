import type { StorageMode } from "../guides/define-guide.ts";
import { guides } from "../guides/index.ts";
import { planCampaign, planSettings } from "../plan/plan-campaign.ts";
import { guideParameters, type ParameterOverrides, runSeconds } from "../run/guide-parameters.ts";
import type { Progress } from "../run/progress.ts";
import { parityProvenance } from "../run/provenance.ts";
import { runCampaign } from "../run/run-campaign.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import type { Target } from "../targets/target.ts";
import type { RunArgs } from "./options.ts";

/** A campaign as `parity run` or `parity release` asked for it, validated. */
export interface CampaignRequest {
  options: RunArgs;
  /** Guide parameters (`--set`); a resume's are the campaign's own. */
  parameters: ParameterOverrides;
  /** Whether the run count was given (else each guide's own default applies). */
  runsGiven: boolean;
  store: CampaignStore;
}

/**
 * Seconds each planned run should take, in the order the runner follows (a resume's plan is the
 * campaign's, as recorded): what the progress display's estimate of the time left starts from.
 */
export async function plannedSeconds(
  request: CampaignRequest,
  storageModes: readonly StorageMode[],
): Promise<number[]> {
  const { options, parameters, runsGiven, store } = request;
  const settings = options.resume
    ? await store.readCampaign(options.campaign)
    : planSettings({ ...options, runsGiven }, (id) => guides.get(id), [...(options.storage ?? storageModes)]);
  return planCampaign(settings, (id) => guides.get(id)).flatMap((plan) => {
    const guide = guides.get(plan.guide);
    const seconds = runSeconds(guide, guideParameters(guide, options.quick, parameters[plan.guide]));
    return plan.order().map(() => seconds);
  });
}

/**
 * Runs one campaign on a target made for it (createTarget) with the given progress display and interrupt signal:
 * `deadline` bounds its adaptive rounds (a release's time budget) and `busyStart` records what
 * the machine was doing when it was told to start anyway.
 */
export async function executeCampaign(
  request: CampaignRequest,
  target: Target,
  progress: Progress,
  signal: AbortSignal,
  extra: { deadline?: number; busyStart?: string } = {},
): Promise<Campaign> {
  const { options, parameters, runsGiven, store } = request;
  return runCampaign(
    {
      ...options,
      id: options.campaign,
      thresholdPercent: options.threshold,
      ...(options.storage ? { storageModes: options.storage } : {}),
      parameters,
      runsGiven,
      ...extra,
    },
    { target, store, progress, signal, parity: await parityProvenance() },
  );
}

/**
 * Runs `body` with Ctrl-C and SIGTERM turned into an abort of its signal, so that the current run
 * stops and its containers or pods are removed before Parity exits.
 */
export async function withInterrupts<T>(
  progress: Progress,
  what: string,
  body: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // A persistent listener (not once): execa's exit handler re-raises a signal that no
  // other listener handles, which would kill Parity before it removed its containers.
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    progress.log(`${signal}: stopping the current run, removing ${what} and keeping the campaign as partial…`);
    controller.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await body(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
