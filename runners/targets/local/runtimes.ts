import type { RuntimeInfo } from "../../contracts/runtime-info.ts";
import { Registry } from "../../guides/registry.ts";
import { gvisorRuntimes } from "./gvisor-settings.ts";

/** What gVisor cannot do as the guides define it, whatever its settings. */
const GVISOR_LACKS: RuntimeInfo["lacks"] = {
  realtime:
    "gVisor's kernel implements no real-time scheduling class: it refuses SCHED_FIFO and SCHED_RR for every " +
    "process, whatever its capabilities.",
  blockDevice:
    "runsc passes no host block device into the sandbox: the workload's file systems reach the host through " +
    "gVisor's own file layer only.",
  directIo:
    "gVisor accepts O_DIRECT but serves the file through its own file layer and host file descriptors that do " +
    "not bypass the host's caches: reads can come from memory, faster than the disk can deliver.",
};

/** OCI runtimes that run the bundle as Linux containers, by the binary Debian ships. */
export const OCI_CONTAINER_RUNTIMES = ["runc", "crun"] as const;

/**
 * The runtimes of the local target. `runc`, `crun` and every gVisor runtime run the very same
 * OCI bundle; the gVisor runtimes' settings are data (gvisor-settings.yaml).
 */
export const localRuntimes = new Registry<RuntimeInfo>("runtime", [
  { id: "host", isolation: "none", description: "the workload as a plain process on this machine" },
  { id: "runc", isolation: "container", description: "the workload in an OCI container started by the runc binary" },
  {
    id: "crun",
    isolation: "container",
    description: "the same OCI bundle in a container started by crun, the OCI runtime written in C",
  },
  ...gvisorRuntimes.map(
    (v): RuntimeInfo => ({
      id: v.name,
      isolation: "user-kernel",
      description:
        `the same OCI bundle in a gVisor sandbox started by runsc: the workload's system calls go to gVisor's ` +
        `user-space kernel; ${v.description}`,
      proof: { kernelLog: "Starting gVisor" },
      lacks: GVISOR_LACKS,
    }),
  ),
]);
