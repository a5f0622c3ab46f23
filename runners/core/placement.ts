import { ParityError } from "./errors.ts";
import type { WorkloadFacts } from "../schemas/workload-facts.ts";

/** How a runtime isolates the workload, which decides what a run must look like inside. */
export type Isolation = "none" | "container" | "vm" | "user-kernel";

/** What the runner sees of its own machine, to compare the workload's view against. */
export interface RunnerView {
  pidNamespace: string;
  kernel: string;
}

/**
 * Checks that a run ran where its runtime claims: a bare process shares the runner's PID
 * namespace; a container has its own but the same kernel; a VM or user-space kernel shows
 * a kernel of its own. Throws WRONG_PLACE otherwise, naming what was seen.
 */
export function verifyPlacement(runtime: string, isolation: Isolation, facts: WorkloadFacts, runner: RunnerView): void {
  const ownNamespace = facts.pidNamespace !== runner.pidNamespace;
  const ownKernel = facts.kernel !== runner.kernel;
  const fail = (why: string) => {
    throw new ParityError("WRONG_PLACE", `Runtime "${runtime}" did not run where it claims: ${why}. The run is rejected; check the runtime's configuration.`, {
      details: { runtime, isolation, workloadPidNamespace: facts.pidNamespace, workloadKernel: facts.kernel },
    });
  };
  if (isolation === "none" && ownNamespace) fail(`a bare host process should share the runner's PID namespace (${runner.pidNamespace}), but saw ${facts.pidNamespace}`);
  if (isolation === "container") {
    if (!ownNamespace) fail(`a container should have a PID namespace of its own, but it shares the runner's (${facts.pidNamespace})`);
    if (ownKernel) fail(`a container shares the host kernel (${runner.kernel}), but saw kernel ${facts.kernel}`);
  }
  if ((isolation === "vm" || isolation === "user-kernel") && !ownKernel) {
    fail(`a sandboxed runtime should show a kernel of its own, but the workload saw the host's kernel ${facts.kernel}`);
  }
}
