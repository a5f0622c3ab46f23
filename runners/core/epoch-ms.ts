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

export function epochMs(): number {
  const wall = Date.now();
  const mono = performance.now();
  if (anchor === undefined || Math.abs(anchor + mono - wall) > 1.5) anchor = anchorAtTick();
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
