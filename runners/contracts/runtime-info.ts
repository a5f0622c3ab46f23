// What every layer may know of a runtime: how it isolates, what it lacks, how a run proves where it ran.

/** How a runtime isolates the workload, which decides what a run must look like inside. */
export type Isolation = "none" | "container" | "vm" | "user-kernel";

/** Signs that only the runtime's own kernel shows, checked in addition to the kernel and namespaces. */
export interface SandboxProof {
  /** Text the first line of the kernel log must contain, e.g. `Starting gVisor`. */
  kernelLog?: string;
}

/** What the runner sees of its own machine, to compare the workload's view against. */
export interface RunnerView {
  /** The runner's PID namespace, when it shares the machine (local target). */
  pidNamespace?: string;
  /** The kernel of the machine the workload runs on (this machine, or the node). */
  kernel: string;
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
