import type { ExecResult } from "../contracts/exec-result.ts";
import type { RunnerView, RuntimeInfo } from "../contracts/runtime-info.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../guides/define-guide.ts";
import type { ClockFacts, HostFacts } from "../schemas/campaign.ts";
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
