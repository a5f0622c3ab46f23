import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { verifyPlacement } from "../../runners/core/placement.ts";
import type { WorkloadFacts } from "../../runners/schemas/workload-facts.ts";

const runner = { pidNamespace: "pid:[4026531836]", kernel: "6.1.0-27-amd64" };
const facts = (over: Partial<WorkloadFacts>): WorkloadFacts => ({
  vcpus: 2,
  kernel: runner.kernel,
  arch: "x86_64",
  memTotalKib: 1,
  pidNamespace: runner.pidNamespace,
  mountNamespace: "mnt:[1]",
  cgroup: "0::/",
  cpuHypervisorFlag: false,
  ...over,
});

function rejection(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (isParityError(error, "WRONG_PLACE")) return error.message;
    throw error;
  }
  return "";
}

describe("verifyPlacement", () => {
  it("accepts each isolation where it belongs", () => {
    expect(() => verifyPlacement("host", "none", facts({}), runner)).not.toThrow();
    expect(() => verifyPlacement("runc", "container", facts({ pidNamespace: "pid:[9]" }), runner)).not.toThrow();
    expect(() =>
      verifyPlacement("edera", "vm", facts({ pidNamespace: "pid:[9]", kernel: "6.18.0-edera" }), runner),
    ).not.toThrow();
  });

  it("rejects a runc run that is not in a container", () => {
    expect(rejection(() => verifyPlacement("runc", "container", facts({}), runner))).toMatch(
      /"runc" did not run where it claims: a container should have a PID namespace of its own/,
    );
  });

  it("rejects a sandboxed run whose guest shows the host's kernel", () => {
    expect(rejection(() => verifyPlacement("kata", "vm", facts({ pidNamespace: "pid:[9]" }), runner))).toMatch(
      /sandboxed runtime should show a kernel of its own, but the workload saw its host's kernel 6\.1\.0-27-amd64/,
    );
  });

  it("accepts a gVisor run only with its own kernel, its own PID namespace and gVisor's boot banner", () => {
    const gvisor = {
      kernel: "4.4.0",
      pidNamespace: "pid:[111]",
      kernelLog: "[    0.000000] Starting gVisor...",
      procVersion: "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016",
    };
    const proof = { kernelLog: "Starting gVisor" };
    expect(() => verifyPlacement("gvisor", "user-kernel", facts(gvisor), runner, proof)).not.toThrow();
    expect(
      rejection(() =>
        verifyPlacement("gvisor", "user-kernel", facts({ ...gvisor, kernel: runner.kernel }), runner, proof),
      ),
    ).toMatch(/should show a kernel of its own, but the workload saw its host's kernel/);
    expect(
      rejection(() =>
        verifyPlacement(
          "gvisor",
          "user-kernel",
          facts({ ...gvisor, pidNamespace: runner.pidNamespace }),
          runner,
          proof,
        ),
      ),
    ).toMatch(/sandbox should have a PID namespace of its own/);
    expect(
      rejection(() =>
        verifyPlacement("gvisor", "user-kernel", facts({ ...gvisor, kernelLog: undefined }), runner, proof),
      ),
    ).toMatch(
      new RegExp(
        String.raw`kernel log should start with "Starting gVisor", but the workload saw no kernel log \(kernel` +
          String.raw` 4\.4\.0, Linux version 4\.4\.0`,
      ),
    );
    expect(
      rejection(() =>
        verifyPlacement(
          "gvisor",
          "user-kernel",
          facts({ ...gvisor, kernelLog: "[0.0] Linux version 6.1" }),
          runner,
          proof,
        ),
      ),
    ).toMatch(/but the workload saw "\[0\.0\] Linux version 6\.1"/);
  });

  it("rejects a host run that landed in another namespace", () => {
    expect(rejection(() => verifyPlacement("host", "none", facts({ pidNamespace: "pid:[9]" }), runner))).toMatch(
      /should share the runner's PID namespace/,
    );
  });

  it("rejects a container that shows another kernel", () => {
    expect(
      rejection(() => verifyPlacement("runc", "container", facts({ pidNamespace: "pid:[9]", kernel: "5.10" }), runner)),
    ).toMatch(/container shares the kernel of its host.*inside a VM guest/);
  });
});
