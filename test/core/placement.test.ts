import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { verifyPlacement } from "../../runners/core/placement.ts";
import type { WorkloadFacts } from "../../runners/schemas/workload-facts.ts";

const runner = { pidNamespace: "pid:[4026531836]", kernel: "6.1.0-27-amd64" };
const facts = (over: Partial<WorkloadFacts>): WorkloadFacts => ({
  vcpus: 2, kernel: runner.kernel, arch: "x86_64", memTotalKib: 1, pidNamespace: runner.pidNamespace, mountNamespace: "mnt:[1]", cgroup: "0::/", cpuHypervisorFlag: false, ...over,
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
    expect(() => verifyPlacement("edera", "vm", facts({ pidNamespace: "pid:[9]", kernel: "6.18.0-edera" }), runner)).not.toThrow();
  });

  it("rejects a runc run that is not in a container", () => {
    expect(rejection(() => verifyPlacement("runc", "container", facts({}), runner))).toMatch(/"runc" did not run where it claims: a container should have a PID namespace of its own/);
  });

  it("rejects a sandboxed run whose guest shows the host's kernel", () => {
    expect(rejection(() => verifyPlacement("kata", "vm", facts({ pidNamespace: "pid:[9]" }), runner))).toMatch(/sandboxed runtime should show a kernel of its own, but the workload saw its host's kernel 6\.1\.0-27-amd64/);
  });

  it("rejects a host run that landed in another namespace", () => {
    expect(rejection(() => verifyPlacement("host", "none", facts({ pidNamespace: "pid:[9]" }), runner))).toMatch(/should share the runner's PID namespace/);
  });

  it("rejects a container that shows another kernel", () => {
    expect(rejection(() => verifyPlacement("runc", "container", facts({ pidNamespace: "pid:[9]", kernel: "5.10" }), runner))).toMatch(/container shares the kernel of its host.*inside a VM guest/);
  });
});
