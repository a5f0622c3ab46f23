/**
 * The wall clock in epoch milliseconds with sub-millisecond resolution: the monotonic clock
 * anchored at the process's start, so that marks taken by the runner can be subtracted and
 * compared with other wall clocks (a workload's `date +%s%N`, a server's timestamps).
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
