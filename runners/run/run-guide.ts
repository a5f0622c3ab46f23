import type { GuideDefinition } from "../guides/define-guide.ts";
import { isNotRunnable, notRunnableFrom } from "../plan/not-runnable.ts";
import type { PlannedRun } from "../plan/schedule.ts";
import { waves } from "../plan/waves.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { summarizeGuide } from "../stats/summarize.ts";
import { ARM_LABEL } from "../store/raw-log.ts";
import type { Context } from "./run-context.ts";
import { runOne } from "./run-one.ts";

const key = (r: { runtime: string; arm: string; run: number; variant?: string }) =>
  `${r.runtime}/${r.variant ?? ""}/${r.arm}/${r.run}`;

/**
 * Runs what `plan` holds that `current` has not recorded yet, in waves (a startup burst is one
 * wave), writing the guide's results after each. A run that fails because its runtime lacks
 * what the guide needs becomes a not-runnable cell, and that runtime's later runs are skipped.
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
  for (const planned of waves(todo, guide.concurrency?.(params as never) ?? 1)) {
    const wave = planned.filter((run) => !isNotRunnable(current.notRunnable, run));
    for (let i = wave.length; i < planned.length; i++) ctx.progress.done(0);
    if (wave.length === 0) continue;
    const began = performance.now();
    const first = wave[0]!;
    const of = first.arm === "warmup" ? "" : `/${runs}`;
    const which = wave.length > 1 ? `runs ${first.run}–${wave.at(-1)!.run}${of} at once` : `run ${first.run}${of}`;
    ctx.progress.start(
      `${guide.id} · ${first.runtime}${first.variant ? ` · ${first.variant}` : ""}${ARM_LABEL[first.arm]} · ${which}`,
    );
    // A wave's runs start together (concurrency); each is still its own measurement.
    const measured = await Promise.allSettled(wave.map((run) => runOne(ctx, guide, params, current.threads, run)));
    let failure: unknown;
    for (const [i, m] of measured.entries()) {
      if (m.status === "fulfilled") {
        current.measurements.push(m.value);
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
    // Progress counts runs: a wave of k runs is k of them, sharing its time.
    for (let i = 0; i < wave.length; i++) ctx.progress.done((performance.now() - began) / 1000 / wave.length);
  }
}

/** Whether every primary verdict of the guide is settled: none inconclusive, none held at the noise floor. */
export function settled(guide: GuideDefinition, result: GuideResult, campaign: Campaign): boolean {
  return summarizeGuide(guide.metrics, result, {
    baseline: campaign.baseline,
    runtimes: campaign.runtimes,
    thresholdPercent: campaign.thresholdPercent,
  })
    .filter((s) => s.primary)
    .every((s) =>
      s.runtimes.every(
        (r) => !r.comparison || (r.comparison.verdict !== "inconclusive" && r.comparison.verdict !== "noise-floor"),
      ),
    );
}
