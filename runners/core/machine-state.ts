import type { Measurement } from "../schemas/measurement.ts";

/**
 * A run during which other processes (or the hypervisor's steal) took more than this share of its
 * CPUs ran on a busy machine. The local target also waits for a window this quiet before each run.
 */
export const BUSY_PERCENT = 5;

/** One look at the machine before a run: long enough to see a neighbour, short enough to cost little. */
export const QUIET_WINDOW_MS = 200;

/**
 * The longest wait for a quiet window before a run goes ahead anyway (and is flagged if it stays
 * busy). After UNQUIET_STREAK waits in a row gave up, the machine is taken to be busy for good and
 * each run looks one window only, until a quiet one is seen again: a busy machine costs little time.
 */
export const QUIET_WAIT_MAX_MS = 30_000;
export const UNQUIET_STREAK = 2;

/**
 * A run whose calibration (a fixed CPU and memory workload timed just before it) took this much
 * longer than the guide's median calibration ran on a slowed machine: a neighbour the guest cannot
 * see, a throttled CPU quota, a lower clock. On this shared 2-vCPU machine quiet calibrations spread
 * about 15% around their median, so a quarter is a slowdown, not their noise.
 */
export const SLOWED_PERCENT = 25;

/** Calibrations needed before one can be called slow: fewer give no median worth holding a run to. */
export const MIN_CALIBRATIONS = 3;

/** Attempts per run: a flagged run is run again once; the second attempt counts whatever it shows. */
export const MAX_ATTEMPTS = 2;

/**
 * At most this share of a guide's measured runs is run again: on a machine busy throughout, runs
 * beyond it count, flagged, and the campaign leads with the busy machine, in bounded time.
 */
export const MAX_RERUN_SHARE = 0.25;

/** How a flagged run left out of the statistics ends its reason: it was run again. */
const RERUN_MARK = "(run again)";

/** Whether a run ran on a busy machine: other processes or the hypervisor took a noticeable share of its CPUs. */
export function ranBusy(m: Measurement): boolean {
  return (
    m.environment !== undefined &&
    (m.environment.otherCpuPercent > BUSY_PERCENT || m.environment.stealPercent > BUSY_PERCENT)
  );
}

/** What a run's calibration is held to: the median of a guide's calibrations, whole and of the memory write alone. */
export interface CalibrationReference {
  totalMs: number;
  /** Absent for runs recorded before the write was timed on its own. */
  memoryMs?: number;
}

/** The median of the defined times, once there are enough of them. */
function medianOf(values: ReadonlyArray<number | undefined>): number | undefined {
  const times = values.filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  if (times.length < MIN_CALIBRATIONS) return undefined;
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

/** The median calibrations of these runs in ms, once there are enough of them. */
export function calibrationReference(measurements: readonly Measurement[]): CalibrationReference | undefined {
  const totalMs = medianOf(measurements.map((m) => m.environment?.calibrationMs));
  if (totalMs === undefined) return undefined;
  const memoryMs = medianOf(measurements.map((m) => m.environment?.calibrationMemoryMs));
  return memoryMs === undefined ? { totalMs } : { totalMs, memoryMs };
}

/** How much slower (in percent) a run's calibration was than the reference, whole and its memory write alone. */
function slowdowns(m: Measurement, reference: CalibrationReference | undefined): { total?: number; memory?: number } {
  const e = m.environment;
  if (!reference || e?.calibrationMs === undefined) return {};
  const percent = (own: number, median: number) => (own / median - 1) * 100;
  return {
    total: percent(e.calibrationMs, reference.totalMs),
    ...(e.calibrationMemoryMs !== undefined && reference.memoryMs !== undefined
      ? { memory: percent(e.calibrationMemoryMs, reference.memoryMs) }
      : {}),
  };
}

/** Whether a run's calibration, whole or its memory write alone, says the machine was slowed when it started. */
export function ranSlowed(m: Measurement, reference: CalibrationReference | undefined): boolean {
  const { total = 0, memory = 0 } = slowdowns(m, reference);
  return total > SLOWED_PERCENT || memory > SLOWED_PERCENT;
}

/** Why a run's numbers cannot be trusted as the machine's own, or undefined when they can. */
export function machineFlag(m: Measurement, reference: CalibrationReference | undefined): string | undefined {
  if (ranBusy(m))
    return (
      `busy machine: others took ${Math.max(m.environment!.otherCpuPercent, m.environment!.stealPercent).toFixed(1)}%` +
      ` of its CPUs (more than ${BUSY_PERCENT}%)`
    );
  const { total = 0, memory = 0 } = slowdowns(m, reference);
  if (total > SLOWED_PERCENT)
    return (
      `slowed machine: the calibration before it ran ${total.toFixed(1)}% slower than the guide's median (more than ` +
      `${SLOWED_PERCENT}%)`
    );
  if (memory > SLOWED_PERCENT)
    return (
      `slowed machine: the calibration's memory write before it ran ${memory.toFixed(1)}% slower than the guide's ` +
      `median (more than ${SLOWED_PERCENT}%): a neighbour took memory bandwidth`
    );
  return undefined;
}

/** The reason a flagged run is kept but left out of the statistics, since it is run again. */
export const rerunReason = (flag: string): string => `${flag} ${RERUN_MARK}`;

/** Whether a run was left out because it was run again (its later attempt counts instead). */
export const wasRerun = (m: Measurement): boolean => m.excluded?.endsWith(RERUN_MARK) === true;
