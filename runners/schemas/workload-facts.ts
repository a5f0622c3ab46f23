// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";

/** What the workload saw from inside the runtime, printed by the probe before each step. */
export const WorkloadFactsSchema = z
  .strictObject({
    vcpus: z.number().int().positive().describe("CPUs usable by the workload (`nproc`), e.g. `2`."),
    kernel: z.string().min(1).describe("Kernel release seen inside (`uname -r`), e.g. `6.1.0-27-amd64`."),
    procVersion: z
      .string()
      .optional()
      .describe(
        "First line of /proc/version, e.g. `Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016` (gVisor's).",
      ),
    kernelLog: z
      .string()
      .optional()
      .describe(
        "First line of the kernel log (`dmesg`) when the workload may read it, e.g. `[    0.000000] Starting " +
          "gVisor...`; absent where it is not allowed.",
      ),
    arch: z.string().min(1).describe("Machine architecture (`uname -m`), e.g. `x86_64`."),
    memTotalKib: z.number().int().nonnegative().describe("MemTotal from /proc/meminfo, in KiB, e.g. `24567000`."),
    pidNamespace: z
      .string()
      .describe("`readlink /proc/self/ns/pid`, e.g. `pid:[4026532201]`; compared with the runner's own."),
    mountNamespace: z.string().describe("`readlink /proc/self/ns/mnt`, e.g. `mnt:[4026532199]`."),
    cgroup: z.string().describe("First line of /proc/self/cgroup, e.g. `0::/` or `9:name=systemd:/parity-x`."),
    hypervisorType: z.string().optional().describe("Content of /sys/hypervisor/type when present, e.g. `xen`."),
    cpuHypervisorFlag: z.boolean().describe("Whether /proc/cpuinfo lists the `hypervisor` CPU flag (running in a VM)."),
    cpuModel: z
      .string()
      .optional()
      .describe("CPU model name seen inside, from /proc/cpuinfo, e.g. `AMD EPYC 7R13 Processor`."),
    dmiVendor: z.string().optional().describe("/sys/class/dmi/id/sys_vendor when readable, e.g. `Amazon EC2`."),
    realtime: z
      .boolean()
      .optional()
      .describe(
        "Whether the workload may use real-time scheduling (`chrt -f 1 true` succeeds: CAP_SYS_NICE or " +
          "RLIMIT_RTPRIO, and a real-time budget in its cgroup); absent where `chrt` is missing.",
      ),
  })
  .describe("Facts seen inside the workload; they prove where a run ran.");

export type WorkloadFacts = z.output<typeof WorkloadFactsSchema>;

/**
 * What the scratch storage of a run really was, seen from inside the workload (the methodology
 * page: the storage path is part of the result).
 */
export const StorageFactsSchema = z
  .strictObject({
    mode: z
      .enum(["filesystem", "block"])
      .describe("`filesystem`: a file on a mounted file system; `block`: a raw block device."),
    fsType: z
      .string()
      .optional()
      .describe("File system type under the file, e.g. `ext4`, `overlay`, `9p`, `virtiofs`."),
    source: z.string().optional().describe("Mount source of that file system, e.g. `/dev/vda`."),
    device: z.string().optional().describe("Kernel name of the block device, e.g. `loop0`, `vdb`, `xvdb`, `nvme1n1`."),
    driver: z.string().optional().describe("Driver of the block device when the kernel shows one, e.g. `virtio_blk`."),
    directIo: z
      .boolean()
      .describe(
        "Whether direct I/O reaches the storage: an O_DIRECT write succeeded on the path, and the runtime carries it " +
          "through (gVisor accepts O_DIRECT but does not); without it fio's numbers include caches.",
      ),
  })
  .describe("The storage path a run wrote through.");

export type StorageFacts = z.output<typeof StorageFactsSchema>;

/**
 * The network path between a run's workload and its peer: what the target built (stated) and what the workload saw
 * of its interface to the peer from inside (a user-space kernel shows its own view: gVisor names no veth).
 */
export const NetworkFactsSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe(
        "The path as the target built it, e.g. `veth pair between two network namespaces; peer: a host process` or " +
          "`pod to pod on one node through the cluster's CNI; peer: a runc pod`.",
      ),
    mtu: z
      .number()
      .int()
      .positive()
      .describe("MTU of the interface the workload reaches its peer through, e.g. `1500`."),
    kind: z
      .string()
      .optional()
      .describe("Link kind of that interface when the workload's kernel shows one (`ip -d link`), e.g. `veth`."),
    gsoMaxSize: z
      .number()
      .int()
      .optional()
      .describe("Largest segment the interface offloads (`gso_max_size`) when shown, e.g. `65536`."),
  })
  .describe("The network path a run's traffic took to its peer.");

export type NetworkFacts = z.output<typeof NetworkFactsSchema>;
