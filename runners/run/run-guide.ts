import { ARM_LABEL, runLabel } from "../contracts/raw-log.ts";
import {
  calibrationReference,
  MAX_ATTEMPTS,
  MAX_RERUN_SHARE,
  machineFlag,
  rerunReason,
  wasRerun,
} from "../core/machine-state.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import { isNotRunnable, notRunnableFrom } from "../plan/not-runnable.ts";
import type { PlannedRun } from "../plan/schedule.ts";
import { waves } from "../plan/waves.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import type { Measurement } from "../schemas/measurement.ts";
import type { Context } from "./run-context.ts";
import { runOne } from "./run-one.ts";

const key = (r: { runtime: string; arm: string; run: number; variant?: string }) =>
  `${r.runtime}/${r.variant ?? ""}/${r.arm}/${r.run}`;

/**
 * A measured run that ran on a busy or slowed machine is kept, left out of the statistics with
 * the reason, and run again (at most MAX_ATTEMPTS attempts, and MAX_RERUN_SHARE of the guide's
 * runs): the attempt to make, or undefined.
 */
function againIfFlagged(current: GuideResult, m: Measurement, run: PlannedRun): PlannedRun | undefined {
  const attempt = run.attempt ?? 1;
  if (m.arm === "warmup" || m.excluded || attempt >= MAX_ATTEMPTS) return undefined;
  const measured = current.measurements.filter((x) => x.arm !== "warmup");
  if (measured.filter(wasRerun).length >= Math.ceil(MAX_RERUN_SHARE * (measured.length + 1))) return undefined;
  const flag = machineFlag(m, calibrationReference(current.measurements));
  if (!flag) return undefined;
  m.excluded = rerunReason(flag);
  return { ...run, attempt: attempt + 1 };
}

/**
 * Runs what `plan` holds that `current` has not recorded yet, in waves (a startup burst is one
 * wave), writing the guide's results after each. A run that fails because its runtime lacks
 * what the guide needs becomes a not-runnable cell, and that runtime's later runs are skipped.
 * A run on a busy or slowed machine is run again right away (see againIfFlagged); on --resume, a
 * flagged last attempt stays as it is.
 */
export async function runWaves(
  ctx: Context,
  guide: GuideDefinition,
  params: Record<string, unknown>,
  current: GuideResult,
  plan: readonly PlannedRun[],
  runs: number,
): Promise<void> {
  const done = new Set(current.measurements.map(key));
  const todo = plan.filter((run) => !done.has(key(run)));
  // Planned waves, and waves of runs to make again, which go first and are not counted in the plan's progress.
  const queue: Array<{ runs: PlannedRun[]; again: boolean }> = waves(
    todo,
    guide.concurrency?.(params as never) ?? 1,
  ).map((runs) => ({ runs, again: false }));
  while (queue.length > 0) {
    const { runs: planned, again } = queue.shift()!;
    const wave = planned.filter((run) => !isNotRunnable(current.notRunnable, run));
    if (!again) for (let i = wave.length; i < planned.length; i++) ctx.progress.done(0);
    if (wave.length === 0) continue;
    const began = performance.now();
    const first = wave[0]!;
    const of = first.arm === "warmup" ? "" : `/${runs}`;
    const which = wave.length > 1 ? `runs ${first.run}–${wave.at(-1)!.run}${of} at once` : `run ${first.run}${of}`;
    ctx.progress.start(
      `${guide.id} · ${first.runtime}${first.variant ? ` · ${first.variant}` : ""}${ARM_LABEL[first.arm]} · ${which}` +
        `${first.attempt ? ` · attempt ${first.attempt}` : ""}`,
    );
    // A wave's runs start together (concurrency); each is still its own measurement.
    const measured = await Promise.allSettled(wave.map((run) => runOne(ctx, guide, params, current.threads, run)));
    let failure: unknown;
    const retries: PlannedRun[] = [];
    for (const [i, m] of measured.entries()) {
      if (m.status === "fulfilled") {
        const retry = againIfFlagged(current, m.value, wave[i]!);
        current.measurements.push(m.value);
        if (retry) {
          retries.push(retry);
          ctx.progress.log(`${runLabel(guide.id, wave[i]!)}: ${m.value.excluded}; attempt ${retry.attempt} follows.`);
        }
        continue;
      }
      const cell = notRunnableFrom(m.reason, ctx.runtimeInfo.get(wave[i]!.runtime)!, guide, wave[i]!);
      if (!cell) {
        failure ??= m.reason;
        continue;
      }
      if (isNotRunnable(current.notRunnable, cell)) continue;
      current.notRunnable = [...(current.notRunnable ?? []), cell];
      ctx.progress.log(
        `${guide.id} · ${cell.runtime}${cell.variant ? ` · ${cell.variant}` : ""}: not runnable as defined ` +
          `(${cell.message.split("\n").at(-1)}); recorded with the reason, its other runs skipped.`,
      );
    }
    await ctx.store.writeGuide(ctx.options.id, current);
    if (failure !== undefined) throw failure;
    if (retries.length > 0) queue.unshift({ runs: retries, again: true });
    // Progress counts planned runs: a wave of k runs is k of them, sharing its time.
    if (!again)
      for (let i = 0; i < wave.length; i++) ctx.progress.done((performance.now() - began) / 1000 / wave.length);
  }
}
