// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";

/** Pod conditions (and the container's running state) whose first sighting the watch records. */
export type Watched = "PodScheduled" | "Initialized" | "Running" | "ContainersReady" | "Ready";

/**
 * The CRI calls that start a pod, as the kubelet names them in the `operation_type` label of
 * `kubelet_runtime_operations_duration_seconds`: the sandbox (for gVisor its kernel, for a VM
 * runtime the guest), then each container's creation and start.
 */
export const CRI_OPERATIONS = ["run_podsandbox", "create_container", "start_container"] as const;
export type CriOperation = (typeof CRI_OPERATIONS)[number];

const epochMs = z.number().positive();
const apiTime = z.string().min(1);

/**
 * What the runner recorded of one pod from creation to Ready: its own clock around the
 * create request and at each first sighting in the watch (epoch ms, fractional), what the API
 * stored (whole-second timestamps, as RFC 3339 strings), the scheduler's event, the pod's
 * image events and the kubelet's metrics around it. Produced by the Kubernetes target, kept as
 * a raw log beside the run's (store/lifecycle-log.ts), read by the startup guide.
 */
export const PodLifecycleSchema = z.strictObject({
  /** Runner clock just before the create request was sent. */
  createSentAt: epochMs,
  /** Runner clock when the create response arrived. */
  createReturnedAt: epochMs,
  /** Runner clock when the watch first showed each condition true (Running: the container running). */
  observed: z.strictObject({
    PodScheduled: epochMs.optional(),
    Initialized: epochMs.optional(),
    Running: epochMs.optional(),
    ContainersReady: epochMs.optional(),
    Ready: epochMs.optional(),
  }),
  /** `metadata.creationTimestamp`, e.g. "2026-11-27T10:00:01Z". */
  creationTimestamp: apiTime,
  /** `lastTransitionTime` of each condition, as the API gave it. */
  transitions: z.strictObject({
    PodScheduled: apiTime.optional(),
    Initialized: apiTime.optional(),
    ContainersReady: apiTime.optional(),
    Ready: apiTime.optional(),
  }),
  /** The container's `state.running.startedAt`. */
  startedAt: apiTime.optional(),
  /** `eventTime` (microseconds) of the scheduler's Scheduled event, when the runner could read events. */
  scheduledEventTime: apiTime.optional(),
  /** Reasons and messages of the pod's image events (Pulling, Pulled); absent when events could not be read. */
  imageEvents: z.array(z.strictObject({ reason: z.string(), message: z.string() })).optional(),
  /** API server clock minus runner clock, ms, measured before the campaign. */
  clockOffsetMs: z.number().optional(),
  /** How the image was known to be on the node before the samples: `node status` or `warm-up pod`. */
  imageCheck: z.string().optional(),
  /**
   * The kubelet's metrics read just before the pod was created and once it was Ready, as the lines
   * of its start SLI and CRI call histograms (verbatim), with the pod's container count: the
   * runtime's own start phases are derived from them (the startup guide's kubelet-metrics.ts).
   */
  kubelet: z.strictObject({ before: z.string(), after: z.string(), containers: z.number().int().min(1) }).optional(),
});
export type PodLifecycle = z.output<typeof PodLifecycleSchema>;
