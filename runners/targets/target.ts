import type { Isolation, RunnerView, SandboxProof } from "../core/placement.ts";
import type { PodLifecycle } from "../core/pod-lifecycle.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../guides/define-guide.ts";
import type { ClockFacts, HostFacts } from "../schemas/campaign.ts";
import type { RunEnvironment } from "../schemas/measurement.ts";
import type { WorkloadFacts } from "../schemas/workload-facts.ts";

/**
 * A server the workload talks to, started by the target beside each run of a guide with a peer (network) and
 * stopped after it: the same for every runtime, so that only the workload's side changes.
 */
export interface PeerRequest {
  /** The server's argument vector, run until the target stops it. */
  argv: readonly string[];
  /** TCP ports the server listens on: the workload starts once every one of them accepts. */
  ports: readonly number[];
  /** The runtime a target that runs the peer as a workload of its own uses (Kubernetes: the baseline's pods). */
  runtime: string;
}

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

/** What an exec is for: names pods and containers so a person can tell them apart. */
export interface ExecOptions {
  label: string;
  signal?: AbortSignal;
  meta?: { guide: string; run: string };
  /** Scratch storage from prepareStorage, attached to the workload. */
  storage?: StorageTarget;
  /** Grant the workload real-time scheduling (CAP_SYS_NICE) and nothing more; see GuideDefinition.realtime. */
  realtime?: boolean;
  /** Follow the workload to Ready instead of to its exit (pod startup); targets without readiness run it to exit. */
  untilReady?: boolean;
  /**
   * A measured run: a target that can see the machine waits (bounded) for it to be quiet and times a
   * calibration workload first, and records both in the run's environment.
   */
  measured?: boolean;
  /**
   * Start this server beside the workload first, and give the workload its address in $PARITY_PEER (PEER_VARIABLE):
   * locally a host process in a network namespace of its own, joined to the workload's by a veth pair; on Kubernetes
   * a pod of `runtime` on the workload's node.
   */
  peer?: PeerRequest;
}

/** What the campaign's guides ask of a target beyond running commands. */
export interface CampaignNeeds {
  /** A guide needs real-time scheduling (Kubernetes: a namespace that admits SYS_NICE pods). */
  realtime?: boolean;
  /** A guide follows workloads to Ready and reads server timestamps (Kubernetes: measure the API clock offset). */
  readiness?: boolean;
}

/** Something a guide may need that a runtime may lack. */
export type RuntimeCapability = "realtime" | "blockDevice" | "directIo";

/** A runtime as a target knows it. */
export interface RuntimeInfo {
  id: string;
  isolation: Isolation;
  description: string;
  /**
   * What the runtime cannot do, with the reason. A run that needs it and fails is recorded
   * as "not runnable" with that reason and the tool's own message, never left as a gap.
   */
  lacks?: Partial<Record<RuntimeCapability, string>>;
  /** Proof a run really ran inside this runtime, beyond the kernel and namespaces (see verifyPlacement). */
  proof?: SandboxProof;
}

/**
 * Where workloads run. A target turns "run this argument vector in runtime R" into real
 * processes, containers or pods, and cleans up after itself.
 */
export interface Target {
  readonly kind: "local" | "kubernetes";
  /** Redacted description for campaign.json (never an address or credential). */
  readonly description: string;
  /**
   * Whether workloads started with `untilReady` keep running once Ready (pods): a guide whose
   * probe runs after the step then probes in the same workload. Elsewhere the probe runs in a
   * workload of its own right after, so the step's timed interval covers the step alone.
   */
  readonly followsReadiness: boolean;
  /** Runtimes this target offers. */
  runtimes(): RuntimeInfo[];
  /** Checks tools and prepares what runs need; throws TOOL_MISSING with the package to install. */
  prepare(tools: readonly ToolRequirement[], runtimes: readonly string[], needs?: CampaignNeeds): Promise<void>;
  /** Facts of the machines involved. */
  hostFacts(tools: readonly ToolRequirement[]): Promise<HostFacts[]>;
  /** What the runner sees of the machine a runtime runs on, for placement checks. */
  runnerView(runtime: string): Promise<RunnerView>;
  /** Runs `argv` inside `runtime`; resolves with the exit code, never rejects on non-zero. */
  exec(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult>;
  /** Provides scratch storage of `sizeMiB` for `runtime` in `mode`; the target removes it in cleanup(). */
  prepareStorage?(runtime: string, mode: StorageMode, sizeMiB: number): Promise<StorageTarget>;
  /** Storage modes this target offers. */
  storageModes?(): StorageMode[];
  /** Target-specific checks of what the workload saw, e.g. a VM guest with fewer vCPUs than requested. */
  verifyWorkload?(runtime: string, facts: WorkloadFacts): void;
  /** The offset between the runner's clock and the target's (Kubernetes: the API server's), measured in prepare. */
  clockFacts?(): ClockFacts | undefined;
  /** Names that must never be stored (node names): scrubbed from messages and raw logs with the addresses. */
  privateNames?(): string[];
  /** Removes every container, process and temporary file the target created. */
  cleanup(): Promise<void>;
}
