import type { RunEnvironment } from "../schemas/measurement.ts";
import type { PodLifecycle } from "./pod-lifecycle.ts";

/** The peer of one run as the target ran it. */
export interface PeerResult {
  /** The path between the workload and the peer as the target built it, e.g. a veth pair between namespaces. */
  path: string;
  /** What the peer's server printed, kept beside the run's raw log. */
  output: string;
}

/** What one command printed and how it ended. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
  startedAt: string;
  finishedAt: string;
  /** Digest of the image the workload ran from, when the target knows it (Kubernetes). */
  imageDigest?: string;
  /** Epoch milliseconds (fractional) just before the runtime was asked to start the workload. */
  requestedAt?: number;
  /** Epoch milliseconds (fractional) when the runtime reported the workload's exit. */
  exitedAt?: number;
  /** With `untilReady` on Kubernetes: the pod's timeline from creation to Ready. */
  lifecycle?: PodLifecycle;
  /** The runtime's own log of a failed run (runsc's), kept beside the raw log. */
  runtimeLog?: string;
  /** The machine around the run, where the target can see it (local). */
  environment?: RunEnvironment;
  /** With `peer`: the path the target built and what the peer printed. */
  peer?: PeerResult;
}
