/** Pod conditions (and the container's running state) whose first sighting the watch records. */
export type Watched = "PodScheduled" | "Initialized" | "Running" | "ContainersReady" | "Ready";

/**
 * The CRI calls that start a pod, as the kubelet names them in the `operation_type` label of
 * `kubelet_runtime_operations_duration_seconds`: the sandbox (for gVisor its kernel, for a VM
 * runtime the guest), then each container's creation and start.
 */
export const CRI_OPERATIONS = ["run_podsandbox", "create_container", "start_container"] as const;
export type CriOperation = (typeof CRI_OPERATIONS)[number];

/**
 * What the runner recorded of one pod from creation to Ready: its own clock around the
 * create request and at each first sighting in the watch (epoch ms, fractional), what the API
 * stored (whole-second timestamps, as RFC 3339 strings), the scheduler's event and the pod's
 * image events. Produced by the Kubernetes target, read by the startup guide.
 */
export interface PodLifecycle {
  /** Runner clock just before the create request was sent. */
  createSentAt: number;
  /** Runner clock when the create response arrived. */
  createReturnedAt: number;
  /** Runner clock when the watch first showed each condition true (Running: the container running). */
  observed: Partial<Record<Watched, number>>;
  /** `metadata.creationTimestamp`, e.g. "2026-11-27T10:00:01Z". */
  creationTimestamp: string;
  /** `lastTransitionTime` of each condition, as the API gave it. */
  transitions: Partial<Record<Exclude<Watched, "Running">, string>>;
  /** The container's `state.running.startedAt`. */
  startedAt?: string;
  /** `eventTime` (microseconds) of the scheduler's Scheduled event, when the runner could read events. */
  scheduledEventTime?: string;
  /** Reasons and messages of the pod's image events (Pulling, Pulled); absent when events could not be read. */
  imageEvents?: Array<{ reason: string; message: string }>;
  /** API server clock minus runner clock, ms, measured before the campaign. */
  clockOffsetMs?: number;
  /** How the image was known to be on the node before the samples: `node status` or `warm-up pod`. */
  imageCheck?: string;
  /**
   * This pod's `kubelet_pod_start_sli_duration_seconds` (the histogram's sum and count before and
   * after it), when readable.
   */
  kubeletSliSeconds?: number;
  /**
   * Seconds the kubelet timed for each CRI call that started this pod (the sum over its containers
   * for the container calls), from its operation histograms before and after, when readable.
   */
  kubeletOperationSeconds?: Partial<Record<CriOperation, number>>;
}
