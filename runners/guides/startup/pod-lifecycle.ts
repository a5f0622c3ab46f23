import type { CriOperation, PodLifecycle } from "../../contracts/pod-lifecycle.ts";
import { ParseError } from "../../core/errors.ts";
import { kubeletFigures } from "./kubelet-metrics.ts";

/**
 * Whether the pod's image was pulled for this sample: a Pulling event, or a Pulled event that is
 * not "already present".
 */
export function pulledImage(events: NonNullable<PodLifecycle["imageEvents"]>): boolean {
  return events.some(
    (e) => e.reason === "Pulling" || (e.reason === "Pulled" && !/already present on machine/i.test(e.message)),
  );
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The startup metrics of one pod. Watch-observed figures (ms) come from the runner's clock
 * alone; the API figures (s) are differences of whole-second timestamps, so each is only
 * known to ±1 s; the Scheduled event's microsecond time is moved onto the runner's clock with
 * the measured offset.
 */
export function lifecycleMetrics(l: PodLifecycle): Record<string, number | string> {
  const { observed: o } = l;
  if (o.Ready === undefined)
    throw new ParseError("The pod was never seen Ready; startup needs the Ready condition's first sighting.");
  for (const name of ["PodScheduled", "Running", "ContainersReady"] as const) {
    if (o[name] === undefined)
      throw new ParseError(`The watch never showed the pod's ${name}; the record is incomplete.`);
  }
  const metrics: Record<string, number | string> = {
    runningMs: o.Running! - l.createSentAt,
    readyMs: o.Ready - l.createSentAt,
    schedulingMs: o.PodScheduled! - l.createSentAt,
    sandboxInitMs: o.Running! - o.PodScheduled!,
    containersReadyMs: o.ContainersReady! - o.Running!,
    createRoundTripMs: l.createReturnedAt - l.createSentAt,
    imagePull: l.imageEvents === undefined ? "unknown" : pulledImage(l.imageEvents) ? "pulled" : "none",
  };
  const created = seconds(l.creationTimestamp);
  if (l.transitions.Ready) metrics.apiReadyS = seconds(l.transitions.Ready) - created;
  if (l.transitions.PodScheduled) metrics.apiScheduledS = seconds(l.transitions.PodScheduled) - created;
  if (l.transitions.ContainersReady) metrics.apiContainersReadyS = seconds(l.transitions.ContainersReady) - created;
  if (l.startedAt) metrics.apiStartedS = seconds(l.startedAt) - created;
  if (l.scheduledEventTime && l.clockOffsetMs !== undefined) {
    metrics.scheduledEventMs = eventTimeMs(l.scheduledEventTime) - l.clockOffsetMs - l.createSentAt;
  }
  if (l.kubelet) {
    const kubelet = kubeletFigures(l.kubelet);
    if (kubelet.sliSeconds !== undefined) metrics.kubeletSliMs = kubelet.sliSeconds * 1000;
    Object.assign(metrics, criMetrics(kubelet.operationSeconds));
  }
  if (l.imageCheck) metrics.imageCheck = l.imageCheck;
  return metrics;
}

/**
 * The runtime's own start phases as the kubelet timed its CRI calls (ms): the pod sandbox, the
 * containers' creation and start, and the three together. These clocks run inside the kubelet,
 * around each call, so they miss nothing the runtime does and wait for no status loop.
 */
function criMetrics(seconds: Partial<Record<CriOperation, number>>): Record<string, number> {
  const { run_podsandbox: sandbox, create_container: create, start_container: start } = seconds;
  const metrics: Record<string, number> = {};
  if (sandbox !== undefined) metrics.podSandboxMs = sandbox * 1000;
  if (create !== undefined && start !== undefined) metrics.containerStartMs = (create + start) * 1000;
  if (sandbox !== undefined && create !== undefined && start !== undefined)
    metrics.runtimeStartMs = (sandbox + create + start) * 1000;
  return metrics;
}

/** An RFC 3339 MicroTime, e.g. "2026-11-27T10:00:01.123456Z", in epoch ms keeping the microseconds. */
export function eventTimeMs(micro: string): number {
  const m = micro.match(/^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/);
  if (!m) throw new ParseError(`"${micro}" is not an RFC 3339 time.`);
  return Date.parse(`${m[1]}${m[3]}`) + Number(`0.${m[2] ?? "0"}`) * 1000;
}
