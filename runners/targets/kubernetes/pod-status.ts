/**
 * Reads a pod's status as the runner needs it: still going, done (with the exit code), or
 * stuck in a way that will not resolve by waiting (with the reason and the API's message).
 * Pure: tested on real pod objects from several Kubernetes versions.
 */
// biome-ignore lint/suspicious/noExplicitAny: API objects arrive as plain JSON; each field is checked where it is read
type Obj = Record<string, any>;

export type PodOutcome =
  | { state: "pending" }
  | { state: "running" }
  | { state: "succeeded"; exitCode: 0 }
  | { state: "failed"; exitCode: number; reason: string; message: string }
  | { state: "stuck"; reason: string; message: string };

/** Waiting reasons after which a pod with restartPolicy Never will not run its workload. */
const FATAL_WAITING = new Set([
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "ErrImageNeverPull",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "CreatePodSandboxError",
]);

export function classifyPod(pod: Obj): PodOutcome {
  const status: Obj = pod.status ?? {};
  const containers: Obj[] = status.containerStatuses ?? [];
  const terminated = containers.map((c) => c.state?.terminated ?? c.lastState?.terminated).find(Boolean);
  if (status.phase === "Succeeded") return { state: "succeeded", exitCode: 0 };
  if (status.phase === "Failed") {
    if (
      status.reason === "Evicted" ||
      status.reason === "DeadlineExceeded" ||
      status.reason === "OutOfcpu" ||
      status.reason === "OutOfmemory"
    ) {
      return { state: "stuck", reason: status.reason, message: status.message ?? "" };
    }
    if (terminated?.reason === "OOMKilled")
      return {
        state: "stuck",
        reason: "OOMKilled",
        message: `the container exceeded its memory limit (exit code ${terminated.exitCode})`,
      };
    if (terminated)
      return {
        state: "failed",
        exitCode: terminated.exitCode ?? 1,
        reason: terminated.reason ?? "Error",
        message: terminated.message ?? "",
      };
    return {
      state: "stuck",
      reason: status.reason ?? "Failed",
      message: status.message ?? "the pod failed without a container status",
    };
  }
  const unschedulable = (status.conditions ?? []).find(
    (c: Obj) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable",
  );
  if (unschedulable) return { state: "stuck", reason: "Unschedulable", message: unschedulable.message ?? "" };
  for (const c of containers) {
    const waiting = c.state?.waiting;
    if (waiting && FATAL_WAITING.has(waiting.reason))
      return { state: "stuck", reason: waiting.reason, message: waiting.message ?? "" };
    if (c.state?.terminated?.reason === "OOMKilled" || c.lastState?.terminated?.reason === "OOMKilled") {
      return { state: "stuck", reason: "OOMKilled", message: "the container exceeded its memory limit" };
    }
  }
  return status.phase === "Running" ? { state: "running" } : { state: "pending" };
}

/** The image digest the container ran, from `imageID` (e.g. `sha256:…`), when the kubelet reports it. */
export function imageDigest(pod: Obj): string | undefined {
  const id: string | undefined = pod.status?.containerStatuses?.[0]?.imageID;
  return id?.match(/(sha256:[0-9a-f]{64})/)?.[1];
}
