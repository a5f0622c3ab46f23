import { Registry } from "../../guides/registry.ts";
import type { RuntimeInfo } from "../target.ts";

/** The runtimes of the local target. `runc` and `gvisor` run the very same OCI bundle. */
export const localRuntimes = new Registry<RuntimeInfo>("runtime", [
  { id: "host", isolation: "none", description: "the workload as a plain process on this machine" },
  { id: "runc", isolation: "container", description: "the workload in an OCI container started by the runc binary" },
  {
    id: "gvisor",
    isolation: "user-kernel",
    description:
      "the same OCI bundle in a gVisor sandbox started by runsc: the workload's system calls go to gVisor's " +
      "user-space kernel",
    proof: { kernelLog: "Starting gVisor" },
    lacks: {
      realtime:
        "gVisor's kernel implements no real-time scheduling class: it refuses SCHED_FIFO and SCHED_RR for every " +
        "process, whatever its capabilities.",
      blockDevice:
        "runsc passes no host block device into the sandbox: the workload's file systems reach the host through " +
        "gVisor's gofer only.",
      directIo:
        "gVisor accepts O_DIRECT but serves the file through its own file layer and the gofer's host file " +
        "descriptors, which do not bypass the host's caches: reads can come from memory, faster than the disk can " +
        "deliver.",
    },
  },
]);
