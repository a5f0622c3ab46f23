import type { StorageMode } from "../guides/define-guide.ts";
import type { PlannedRun } from "../plan/schedule.ts";

/**
 * Where each file of a campaign lives, relative to its folder `data/campaigns/<id>/`. The
 * runner writes and the site, `check` and the CLI read through these names only.
 */
export const CAMPAIGN_FILE = "campaign.json";

/**
 * The digest manifest of a campaign folder, in `sha256sum` format so that `sha256sum -c SHA256SUMS`
 * verifies a download.
 */
export const DIGESTS_FILE = "SHA256SUMS";

/** A guide's results, e.g. `cpu.json`. */
export function guideFile(guide: string): string {
  return `${guide}.json`;
}

/** What a runtime's probe printed before any guide ran, e.g. `raw/probe/runc.log`. */
export function probeLog(runtime: string): string {
  return `raw/probe/${runtime}.log`;
}

/**
 * One run's raw log: `raw/cpu/runc-3.log`, `raw/cpu/runc-aa-2.log`, `raw/io/runc-block-1.log`,
 * `raw/cpu/gvisor-warmup-1.log`, `raw/cpu/runc-3-attempt-2.log` (run again); a guide of several steps
 * prefixes the step, `raw/x/step-runc-1.log`.
 */
export function runLog(guide: string, run: PlannedRun, step?: string): string {
  return `raw/${guide}/${step ? `${step}-` : ""}${run.runtime}-${runName(run)}.log`;
}

/** A run within its runtime, as raw logs and pods name it: `3`, `aa-2`, `block-1`, `3-attempt-2`. */
export function runName(run: PlannedRun): string {
  return (
    `${run.variant ? `${run.variant}-` : ""}${run.arm === "main" ? "" : `${run.arm}-`}${run.run}` +
    `${run.attempt ? `-attempt-${run.attempt}` : ""}`
  );
}

/** The storage precondition of a runtime and mode, e.g. `raw/io/runc-block-precondition.log`. */
export function preconditionLog(guide: string, runtime: string, mode: StorageMode): string {
  return `raw/${guide}/${runtime}-${mode}-precondition.log`;
}
