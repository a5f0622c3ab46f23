import type { V1Pod } from "@kubernetes/client-node";
import type { PodLifecycle, Watched } from "../../contracts/pod-lifecycle.ts";
import { PROBE_END } from "../../contracts/probe-markers.ts";
import { epochMs as now } from "../../core/epoch-ms.ts";
import { ParityError } from "../../core/errors.ts";
import { kubeletLines } from "../../guides/startup/kubelet-metrics.ts";
import type { KubeClient } from "./kube-client.ts";
import { stuckPodError } from "./stuck-pod.ts";
import { waitForPod } from "./wait-for-pod.ts";

/** What one startup sample needs from the target. */
export interface StartupRequest {
  kube: KubeClient;
  /** The runtime the pod is for, named in errors. */
  runtime: string;
  namespace: string;
  manifest: V1Pod;
  /** Bound on creation → Ready, ms; a pod that is not Ready by then fails the run. */
  readyTimeoutMs: number;
  signal?: AbortSignal;
  clockOffsetMs?: number;
  /** The node whose kubelet metrics (start SLI, CRI call timings) to read, when nodes/proxy is permitted. */
  kubeletNode?: string;
}

function isTrue(pod: V1Pod, type: string): boolean {
  return pod.status?.conditions?.some((c) => c.type === type && c.status === "True") ?? false;
}

function isRunning(pod: V1Pod): boolean {
  return pod.status?.containerStatuses?.some((c) => c.state?.running !== undefined) ?? false;
}

const iso = (t: Date | string | undefined) =>
  t === undefined ? undefined : new Date(t).toISOString().replace(/\.000Z$/, "Z");

/** The lines of the kubelet's metrics that the startup figures come from, or undefined where they cannot be read. */
async function readKubelet(kube: KubeClient, node: string | undefined): Promise<string | undefined> {
  if (!node) return undefined;
  try {
    return kubeletLines(String(await kube.core.connectGetNodeProxyWithPath({ name: node, path: "metrics" })));
  } catch {
    // Optional view: without nodes/proxy (or an older kubelet) the sample simply lacks it.
    return undefined;
  }
}

/** An event as the API sent it: `eventTime` keeps its microseconds (the typed client would round them). */
interface RawEvent {
  reason?: string;
  message?: string;
  eventTime?: string | null;
}

/** The pod's events; the scheduler's arrive asynchronously, so wait briefly for its Scheduled event. */
async function podEvents(kube: KubeClient, namespace: string, name: string): Promise<RawEvent[] | undefined> {
  let events: RawEvent[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const answer = await kube.tryCallRaw(
      `Listing the events of pod ${name}`,
      (o) => kube.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` }, o),
      [403],
    );
    // Events are an optional view: without permission the samples lack the Scheduled event time and the pull check.
    if (!answer.ok) return undefined;
    events = (JSON.parse(answer.value.text) as { items?: RawEvent[] }).items ?? [];
    if (events.some((e) => e.reason === "Scheduled")) return events;
    await new Promise((r) => setTimeout(r, 200));
  }
  return events;
}

/** The container's log once it holds the whole probe block (it prints that just after its first instruction). */
async function completeLog(kube: KubeClient, namespace: string, name: string): Promise<string> {
  let log = "";
  for (let attempt = 0; attempt < 25; attempt++) {
    log = String(
      await kube.call(`Reading the log of pod ${name}`, () =>
        kube.core.readNamespacedPodLog({ name, namespace, container: "workload" }),
      ),
    );
    if (log.includes(PROBE_END)) return log;
    await new Promise((r) => setTimeout(r, 200));
  }
  return log;
}

/**
 * Creates one pod and follows it to Ready, recording the runner's clock around the create
 * request and at the first sighting of each condition in the watch (as clusterloader2 and
 * kube-burner measure pod startup), then what the API stored, the pod's events and, where
 * readable, the kubelet's own SLI and its timing of the CRI calls. The caller deletes the pod.
 */
export async function startUntilReady(
  req: StartupRequest,
): Promise<{ pod: V1Pod; lifecycle: PodLifecycle; log: string }> {
  const { kube, namespace } = req;
  const name = req.manifest.metadata!.name!;
  const kubeletBefore = await readKubelet(kube, req.kubeletNode);
  const observed: Partial<Record<Watched, number>> = {};
  const see = (pod: V1Pod, at: number) => {
    for (const type of ["PodScheduled", "Initialized", "ContainersReady", "Ready"] as const)
      if (observed[type] === undefined && isTrue(pod, type)) observed[type] = at;
    if (observed.Running === undefined && (isRunning(pod) || isTrue(pod, "Ready"))) observed.Running = at;
  };
  const createSentAt = now();
  const created = await kube.call(`Creating pod ${name}`, () =>
    kube.core.createNamespacedPod({ namespace, body: req.manifest }),
  );
  const createReturnedAt = now();
  see(created, createReturnedAt);
  const end = await waitForPod(kube, namespace, name, {
    timeoutMs: req.readyTimeoutMs,
    ...(req.signal ? { signal: req.signal } : {}),
    until: (pod) => isTrue(pod, "Ready"),
    onSeen: see,
    awaited: "become Ready",
  });
  if (end.outcome.state === "stuck") throw stuckPodError(req.runtime, name, end.outcome);
  if (end.outcome.state !== "reached") {
    const o = end.outcome;
    const why =
      o.state === "failed"
        ? `${o.reason}${o.message ? ` (${o.message})` : ""}`
        : `it ended (${o.state}) without being Ready`;
    throw new ParityError(
      "POD_FAILED",
      {
        what: `Pod ${name} never became Ready: ${why}; it was deleted`,
        next: "read kubectl describe pod on the next attempt for details",
      },
      { details: { pod: name } },
    );
  }
  const pod = await kube.call(`Reading pod ${name}`, () => kube.core.readNamespacedPod({ name, namespace }));
  const [log, events, kubeletAfter] = [
    await completeLog(kube, namespace, name),
    await podEvents(kube, namespace, name),
    await readKubelet(kube, req.kubeletNode),
  ];
  const transitions: PodLifecycle["transitions"] = {};
  for (const c of pod.status?.conditions ?? []) {
    if (
      (c.type === "PodScheduled" || c.type === "Initialized" || c.type === "ContainersReady" || c.type === "Ready") &&
      c.status === "True" &&
      c.lastTransitionTime
    )
      transitions[c.type] = iso(c.lastTransitionTime)!;
  }
  const scheduled = events?.find((e) => e.reason === "Scheduled" && e.eventTime);
  const containers = (req.manifest.spec?.containers.length ?? 0) + (req.manifest.spec?.initContainers?.length ?? 0);
  const startedAt = pod.status?.containerStatuses?.[0]?.state?.running?.startedAt;
  const lifecycle: PodLifecycle = {
    createSentAt,
    createReturnedAt,
    observed,
    creationTimestamp: iso(pod.metadata!.creationTimestamp)!,
    transitions,
    ...(startedAt ? { startedAt: iso(startedAt)! } : {}),
    ...(scheduled?.eventTime ? { scheduledEventTime: scheduled.eventTime } : {}),
    ...(events
      ? {
          imageEvents: events
            .filter((e) => e.reason === "Pulling" || e.reason === "Pulled")
            .map((e) => ({ reason: e.reason!, message: e.message ?? "" })),
        }
      : {}),
    ...(req.clockOffsetMs !== undefined ? { clockOffsetMs: req.clockOffsetMs } : {}),
    ...(kubeletBefore !== undefined && kubeletAfter !== undefined
      ? { kubelet: { before: kubeletBefore, after: kubeletAfter, containers } }
      : {}),
  };
  return { pod, lifecycle, log };
}

/**
 * Waits until a deleted pod is gone from the API (its sandbox torn down), at most a minute, so that
 * samples never overlap.
 */
export async function waitUntilGone(kube: KubeClient, namespace: string, name: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const pod = await kube.tryCall(
      `Reading pod ${name}`,
      () => kube.core.readNamespacedPod({ name, namespace }),
      [404],
    );
    if (!pod.ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
