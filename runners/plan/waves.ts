import type { PlannedRun } from "./schedule.ts";

/**
 * Groups a schedule into waves of runs that start together: up to `size` consecutive runs of
 * one runtime (and arm and variant) each, in the order the schedule first reaches them, so
 * the balanced interleaving of runtimes survives. Size 1 keeps the schedule as it is.
 */
export function waves(schedule: readonly PlannedRun[], size: number): PlannedRun[][] {
  if (size <= 1) return schedule.map((run) => [run]);
  const open = new Map<string, PlannedRun[]>();
  const out: PlannedRun[][] = [];
  for (const run of schedule) {
    const key = `${run.runtime}/${run.arm}/${run.variant ?? ""}`;
    let wave = open.get(key);
    if (!wave) {
      wave = [];
      open.set(key, wave);
      out.push(wave);
    }
    wave.push(run);
    if (wave.length === size) open.delete(key);
  }
  return out;
}
