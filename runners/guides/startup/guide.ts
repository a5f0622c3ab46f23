// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { EPOCH_MS_UNCERTAINTY_MS } from "../../core/epoch-ms.ts";
import { ParseError } from "../../core/errors.ts";
import { defineGuide, type MetricDefinition, type StepContext } from "../define-guide.ts";
import { lifecycleMetrics } from "./pod-lifecycle.ts";

/**
 * Parameters of the startup guide; its samples are the campaign's runs (20 per runtime unless
 * --runs says otherwise).
 */
export const StartupParametersSchema = z.object({
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(1)
    .describe(
      "Workloads (pods) started at once per runtime, e.g. `1` (one after the other) or `10` (a burst); each is still " +
        "one sample.",
    ),
});

/**
 * Reads the workload's first instruction (`date +%s%N`, its own wall clock in nanoseconds)
 * against the runner's marks: how long from asking the runtime to start the workload to the
 * workload's first instruction, and to the runtime reporting its exit.
 */
export function parseStartup(output: string, context: StepContext = {}): Record<string, number | string> {
  // On Kubernetes the pod's timeline is the measurement; the workload's clock is the node's, not the runner's.
  if (context.lifecycle) return lifecycleMetrics(context.lifecycle);
  const first =
    output
      .split("\n")
      .find((l) => l.trim() !== "" && !/^(requested|exited) /.test(l))
      ?.trim() ?? "";
  if (!/^[0-9]{19}$/.test(first)) {
    throw new ParseError(
      `The workload's first line should be its clock in nanoseconds (date +%s%N), got "${first.slice(0, 40)}".`,
      { line: 1 },
    );
  }
  // By hand, the reader's shell writes the marks around the workload's output (see the guide's page).
  const mark = (name: string) => output.match(new RegExp(`^${name} ([0-9]{19})$`, "m"))?.[1];
  const requestedAt = context.requestedAt ?? nsToMs(mark("requested"));
  const exitedAt = context.exitedAt ?? nsToMs(mark("exited"));
  if (requestedAt === undefined || exitedAt === undefined) {
    throw new ParseError(
      "Startup needs two timing marks around the workload: the runner's own, or by hand the lines \"requested " +
        'NANOSECONDS" and "exited NANOSECONDS" that the guide\'s hand-run command prints.',
    );
  }
  const firstAt = nsToMs(first)!;
  // The workload's clock and the marks' clock are both the wall clock; a first instruction outside
  // the interval between request and exit means they were not (a stepped clock, another machine).
  // The runner's marks are exact only to EPOCH_MS_UNCERTAINTY_MS: a bare `date` exits within a
  // fraction of a millisecond of reading its clock, so its reading can land just after the exit mark.
  if (firstAt < requestedAt - EPOCH_MS_UNCERTAINTY_MS || firstAt > exitedAt + EPOCH_MS_UNCERTAINTY_MS) {
    throw new ParseError(
      `The workload's clock (${first}) falls outside the marks around it (requested ${requestedAt.toFixed(3)} ms, ` +
        `exited ${exitedAt.toFixed(3)} ms since the epoch): the marks and the workload read different clocks. ` +
        "Take both from the same machine's wall clock (date +%s%N) and run again.",
      { line: 1 },
    );
  }
  return { firstInstructionMs: firstAt - requestedAt, exitMs: exitedAt - requestedAt };
}

/**
 * Milliseconds since the epoch from 19 digits of nanoseconds, keeping microseconds (19 digits do
 * not fit a double exactly).
 */
function nsToMs(ns: string | undefined): number | undefined {
  return ns === undefined ? undefined : Number(ns.slice(0, 13)) + Number(ns.slice(13)) / 1e6;
}

const ms = (label: string, description: string, compare = true): MetricDefinition => ({
  label,
  unit: "ms",
  direction: "lower",
  compare,
  description,
});
const apiSeconds = (label: string, description: string): MetricDefinition => ({
  label,
  unit: "s",
  direction: "lower",
  compare: false,
  description: `${description} From whole-second API timestamps: known to ±1 s.`,
});

/**
 * Startup: locally, from asking the runtime to start a workload to its first instruction and exit;
 * on Kubernetes, the runtime's start phases as the kubelet times them, and the pod from creation to
 * running and Ready as the watch sees it.
 */
export const startupGuide = defineGuide({
  id: "startup",
  // 2: locally the probe runs in a workload of its own after the timed one, outside the interval.
  version: 2,
  title: "Startup time",
  summary:
    "How long a runtime takes to start a workload: locally to its first instruction and exit; on Kubernetes its " +
    "sandbox and container start as the kubelet times them, and the pod from creation to running and Ready.",
  fixtures: "startup",
  tools: [{ binary: "date", debianPackage: "coreutils", versionArgv: ["date", "--version"] }],
  parameters: StartupParametersSchema,
  quick: {},
  estimateSeconds: () => 0.3,
  probe: "after",
  readiness: true,
  defaultRuns: 20,
  concurrency: (p) => p.concurrency,
  // Runs recorded before `runningMs` existed stored its two parts, from the same watch sightings.
  derive: (m): Record<string, number> =>
    typeof m.schedulingMs === "number" && typeof m.sandboxInitMs === "number"
      ? { runningMs: m.schedulingMs + m.sandboxInitMs }
      : {},
  exclude: (m) =>
    m.imagePull === "pulled"
      ? "the image was pulled during this sample (a Pulling or Pulled event for its pod)"
      : undefined,
  steps: [
    {
      id: "first-instruction",
      title: "Start the workload; its first instruction reads the clock",
      argv: () => ["date", "+%s%N"],
      parse: parseStartup,
    },
  ],
  metrics: {
    firstInstructionMs: {
      label: "To first instruction",
      unit: "ms",
      direction: "lower",
      compare: true,
      primary: true,
      description:
        "From asking the runtime to start the workload to the workload's first instruction (its first clock " +
        `reading). The workload reads the wall clock and the runner its own marks: the two agree to within ` +
        `${EPOCH_MS_UNCERTAINTY_MS} ms, so a first instruction can read up to that much after the exit mark.`,
    },
    exitMs: {
      label: "To exit",
      unit: "ms",
      direction: "lower",
      compare: true,
      description:
        "From asking the runtime to start the workload to the runtime reporting its exit (start, run, tear down).",
    },
    // On Kubernetes the primary metric is the runtime's own work as the kubelet times its CRI calls.
    // The watch sees the container running only when the kubelet's status loop next looks (its
    // relist runs every second), which swamps a sandbox's start; where the kubelet's metrics are
    // not readable (no nodes/proxy permission), the watch's creation → running is the primary.
    runtimeStartMs: {
      primary: true,
      ...ms(
        "Runtime start (CRI)",
        "Kubernetes: the kubelet's own timing of the CRI calls that start the pod (RunPodSandbox, then " +
          "CreateContainer and StartContainer), from kubelet_runtime_operations_duration_seconds before and after " +
          "the pod: what the runtime owns, without the kubelet's loops.",
      ),
    },
    podSandboxMs: ms(
      "Pod sandbox (CRI)",
      "Kubernetes: the kubelet's timing of RunPodSandbox: the sandbox (for gVisor its kernel, for a VM runtime " +
        "the guest) and its network.",
    ),
    containerStartMs: ms(
      "Container create + start (CRI)",
      "Kubernetes: the kubelet's timing of CreateContainer and StartContainer for the pod's container.",
    ),
    runningMs: {
      primary: true,
      ...ms(
        "Creation → running",
        "Kubernetes: from sending the create request to the watch first showing the container running (scheduling, " +
          "pod sandbox, container start, and the wait for the kubelet's next status check). The primary metric " +
          "where the kubelet's metrics cannot be read.",
      ),
    },
    readyMs: ms(
      "Creation → Ready",
      "Kubernetes: from sending the create request to the watch first showing the pod Ready (runner's clock); adds " +
        "the readiness probe and the kubelet's loops to the running container.",
    ),
    schedulingMs: ms(
      "Scheduling",
      "Kubernetes: from sending the create request to the watch first showing PodScheduled.",
    ),
    sandboxInitMs: ms(
      "Sandbox + init",
      "Kubernetes: from PodScheduled to the watch first showing the container running: pod sandbox (for a VM " +
        "runtime, the guest), init, container start.",
    ),
    containersReadyMs: ms(
      "Containers ready",
      "Kubernetes: from the container running to ContainersReady (the readiness probe's first success).",
    ),
    createRoundTripMs: ms(
      "Create round trip",
      "Kubernetes: the create request's round trip, the resolution of every watch-observed figure of the sample.",
      false,
    ),
    scheduledEventMs: ms(
      "Scheduled event",
      "Kubernetes: the scheduler's Scheduled event (microsecond eventTime), moved onto the runner's clock with the " +
        "measured offset, from sending the create request.",
      false,
    ),
    kubeletSliMs: ms(
      "Kubelet SLI",
      "Kubernetes: the kubelet's own kubelet_pod_start_sli_duration_seconds for this pod (nodes/proxy permission " +
        "needed).",
      false,
    ),
    apiReadyS: apiSeconds("Creation → Ready (API)", "Ready's lastTransitionTime minus creationTimestamp."),
    apiScheduledS: apiSeconds("Scheduled (API)", "PodScheduled's lastTransitionTime minus creationTimestamp."),
    apiStartedS: apiSeconds("Container started (API)", "The container's startedAt minus creationTimestamp."),
    apiContainersReadyS: apiSeconds(
      "Containers ready (API)",
      "ContainersReady's lastTransitionTime minus creationTimestamp.",
    ),
    imagePull: {
      label: "Image pull",
      unit: "",
      compare: false,
      description: "`none`, `pulled` (the sample is excluded) or `unknown` (events not readable).",
    },
    imageCheck: {
      label: "Image present via",
      unit: "",
      compare: false,
      description: "How the image was known to be on the node before the samples: `node status` or `warm-up pod`.",
    },
  },
});
