/**
 * Whether an adaptive look may start within a time budget: its own runs, then every run still
 * planned after it (the campaign's later guides and a release's later targets, at the pace runs
 * have kept so far, re-runs on a busy machine included), must end by the deadline. A look judged
 * on its own length spends the time of the planned runs behind it and pushes them past the window.
 */
export function lookFits(o: { nowMs: number; lookMs: number; plannedLeftMs: number; deadlineMs: number }): boolean {
  return o.nowMs + o.lookMs + o.plannedLeftMs <= o.deadlineMs;
}
