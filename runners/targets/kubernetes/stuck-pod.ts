import { ParityError } from "../../core/errors.ts";
import type { PodOutcome } from "./pod-status.ts";

/** What to do next for each way a pod can get stuck. */
const HINTS: Record<string, string> = {
  Unschedulable:
    "check the runtime's node selector or name in the profiles file, that the node is Ready, and that it has the " +
    "requested CPU and memory free; for an unbound PersistentVolumeClaim, check --storage-class and that it " +
    "provisions volumes (Block mode needs a CSI driver that supports it)",
  ImagePullBackOff: "check --image, that the node can pull it, or pre-pull it on the node",
  ErrImagePull: "check --image, that the node can pull it, or pre-pull it on the node",
  InvalidImageName: "check --image",
  ErrImageNeverPull:
    "the image is not on the node and the runtime's imagePullPolicy is Never: import it onto the node (parity " +
    "cluster up imports the workload image) or check --image",
  OOMKilled: "raise resources.memory of the runtime in the profiles file",
  Evicted: "the node ran short of a resource; free it or use another node",
  DeadlineExceeded: "the run took longer than its deadline; check the node's load",
  CrashLoopBackOff: "the container keeps exiting; read its log with kubectl logs",
  CreateContainerConfigError: "the pod spec cannot be applied on this node; read kubectl describe pod",
  RunContainerError: "the runtime could not start the container; check the RuntimeClass and its handler on the node",
  CreatePodSandboxError: "the runtime could not create the pod sandbox; check the RuntimeClass handler on the node",
};

/** The error of a pod that cannot run: the pod, the reason the API gives, and what to do next. */
export function stuckPodError(
  runtime: string,
  name: string,
  outcome: Extract<PodOutcome, { state: "stuck" }>,
): ParityError {
  const hint = HINTS[outcome.reason] ?? "read kubectl describe pod for details";
  return new ParityError(
    "POD_FAILED",
    {
      what:
        `Pod ${name} of runtime "${runtime}" on its node cannot run: ${outcome.reason}` +
        `${outcome.message ? ` (${outcome.message})` : ""}; the pod was deleted`,
      next: hint,
    },
    {
      details: { pod: name, runtime, reason: outcome.reason },
    },
  );
}
