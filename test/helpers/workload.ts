import type { WorkloadFacts } from "../../runners/schemas/workload-facts.ts";

/** What a workload saw inside, for results built from known values: the facts do not matter to the statistics. */
export const WORKLOAD: WorkloadFacts = {
  vcpus: 2,
  kernel: "6.1",
  arch: "x86_64",
  memTotalKib: 1,
  pidNamespace: "pid:[1]",
  mountNamespace: "mnt:[1]",
  cgroup: "0::/",
  cpuHypervisorFlag: false,
};
