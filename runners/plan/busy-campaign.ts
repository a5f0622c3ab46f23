import { BUSY_PERCENT, calibrationReference, ranBusy, ranSlowed, SLOWED_PERCENT } from "../core/machine-state.ts";
import type { GuideResult } from "../schemas/guide-result.ts";

/**
 * The share of a campaign's measured runs (warm-ups aside) above which the campaign itself is
 * said to have run on a busy machine, first thing in its summary.
 */
export const BUSY_CAMPAIGN_SHARE = 0.1;

/** How many of a campaign's measured runs ran on a busy or slowed machine. */
export function busyRuns(results: readonly GuideResult[]): { busy: number; runs: number } {
  let busy = 0;
  let runs = 0;
  for (const r of results) {
    const reference = calibrationReference(r.measurements);
    for (const m of r.measurements.filter((x) => x.arm !== "warmup" && x.environment)) {
      runs++;
      if (ranBusy(m) || ranSlowed(m, reference)) busy++;
    }
  }
  return { busy, runs };
}

/**
 * The sentence that leads a busy campaign's summary (CLI and site), or undefined for a quiet
 * one: the fraction of busy runs and what it means for every verdict below.
 */
export function busyCampaignLead(results: readonly GuideResult[]): string | undefined {
  const { busy, runs } = busyRuns(results);
  if (runs === 0 || busy / runs < BUSY_CAMPAIGN_SHARE) return undefined;
  return (
    `Busy machine: ${busy} of ${runs} runs (${Math.round((busy / runs) * 100)}%) ran while other processes or the ` +
    `hypervisor took more than ${BUSY_PERCENT}% of their CPUs, or slowed (a calibration more than ${SLOWED_PERCENT}% ` +
    "slower than the guide's median). Numbers below may include that noise, and verdicts left inconclusive may be " +
    "its doing: re-run on a quiet machine before publishing."
  );
}
