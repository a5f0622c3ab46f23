import type { Isolation, RunnerView, SandboxProof } from "../contracts/runtime-info.ts";
import type { WorkloadFacts } from "../schemas/workload-facts.ts";
import { ParityError } from "./errors.ts";

/**
 * Checks that a run ran where its runtime claims: a bare process shares the runner's PID
 * namespace; a container has its own but the same kernel; a VM or user-space kernel shows
 * a kernel of its own (a user-space kernel also a PID namespace of its own), and a runtime with
 * a `proof` shows its sign too. Throws WRONG_PLACE otherwise, naming what was seen.
 */
export function verifyPlacement(
  runtime: string,
  isolation: Isolation,
  facts: WorkloadFacts,
  runner: RunnerView,
  proof: SandboxProof = {},
): void {
  // On a cluster the runner is elsewhere: only the kernel can be compared with the node's.
  const ownNamespace = runner.pidNamespace === undefined ? undefined : facts.pidNamespace !== runner.pidNamespace;
  const ownKernel = facts.kernel !== runner.kernel;
  const fail = (why: string) => {
    throw new ParityError(
      "WRONG_PLACE",
      {
        what: `Runtime "${runtime}" did not run where it claims: ${why}; the run is rejected`,
        next: "check the runtime's configuration",
      },
      {
        details: { runtime, isolation, workloadPidNamespace: facts.pidNamespace, workloadKernel: facts.kernel },
      },
    );
  };
  if (isolation === "none" && ownNamespace === true)
    fail(
      `a bare host process should share the runner's PID namespace (${runner.pidNamespace}), but saw ` +
        `${facts.pidNamespace}`,
    );
  if (isolation === "container") {
    if (ownNamespace === false)
      fail(`a container should have a PID namespace of its own, but it shares the runner's (${facts.pidNamespace})`);
    if (ownKernel)
      fail(
        `a container shares the kernel of its host (${runner.kernel}), but saw kernel ${facts.kernel}: it ran inside ` +
          `a VM guest`,
      );
  }
  if ((isolation === "vm" || isolation === "user-kernel") && !ownKernel) {
    fail(`a sandboxed runtime should show a kernel of its own, but the workload saw its host's kernel ${facts.kernel}`);
  }
  if (isolation === "user-kernel" && ownNamespace === false)
    fail(`a sandbox should have a PID namespace of its own, but it shares the runner's (${facts.pidNamespace})`);
  if (proof.kernelLog !== undefined && !facts.kernelLog?.includes(proof.kernelLog)) {
    fail(
      `its kernel log should start with "${proof.kernelLog}", but the workload saw ` +
        `${facts.kernelLog === undefined ? "no kernel log" : `"${facts.kernelLog}"`} (kernel ${facts.kernel}, ` +
        `${facts.procVersion ?? "no /proc/version"})`,
    );
  }
}
