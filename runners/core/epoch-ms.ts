/**
 * The wall clock in epoch milliseconds with sub-millisecond resolution, so that marks taken by
 * the runner can be subtracted and compared with other wall clocks (a workload's `date +%s%N`,
 * a server's timestamps).
 *
 * The monotonic clock gives the resolution; the wall clock gives the time. They drift apart in a
 * long run: on a virtual machine the wall clock is stepped (a campaign here once found its
 * monotonic marks 13 s behind `date` after an hour), so the anchor between them is taken again
 * whenever the two disagree by more than the wall clock's own millisecond resolution.
 */
let anchor: number | undefined;

/** How far the monotonic marks may drift from the wall clock before the anchor is taken again. */
const DRIFT_LIMIT_MS = 1.5;

/**
 * How far a mark may lie from the true wall-clock time: the drift allowed before re-anchoring,
 * plus the wall clock's own millisecond (Date.now() truncates). A clock read elsewhere on this
 * machine (`date +%s%N`) within this of a mark is consistent with it.
 */
export const EPOCH_MS_UNCERTAINTY_MS = DRIFT_LIMIT_MS + 1;

export function epochMs(): number {
  const wall = Date.now();
  const mono = performance.now();
  if (anchor === undefined || Math.abs(anchor + mono - wall) > DRIFT_LIMIT_MS) anchor = anchorAtTick();
  return anchor + performance.now();
}

/** The offset from the monotonic clock to the wall clock, read at the edge of a wall-clock millisecond. */
function anchorAtTick(): number {
  const start = Date.now();
  let wall = start;
  // At most one millisecond of spinning: at the tick the wall clock's value is exact.
  while (wall === start) wall = Date.now();
  return wall - performance.now();
}
