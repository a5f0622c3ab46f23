/** Options of the OCI runtime config Parity gives runc. */
export interface RuncConfigOptions {
  /** Absolute path of the (empty, read-only) root file system skeleton. */
  rootfs: string;
  args: readonly string[];
  /** cpuset list both runtimes are pinned to, e.g. "0-1". */
  cpus: string;
  hostname: string;
  /** The container's id: a container with a real-time budget gets its cgroup at `/<id>`, under the root. */
  containerId?: string;
  /** RLIMIT_MEMLOCK of the workload in bytes, e.g. the runner's own 8 MiB (oslat locks its memory). */
  memlockBytes?: number;
  /** A host folder mounted read-write at /data (filesystem storage). */
  dataDir?: string;
  /** A host block device passed in at /dev/parity-block (block storage). */
  blockDevice?: { major: number; minor: number };
  /**
   * Real-time scheduling for the workload: CAP_SYS_NICE (ambient, so the unprivileged user
   * keeps it across exec) and, where the kernel does RT group scheduling (cgroup v1
   * `cpu.rt_runtime_us`), a real-time budget for the container's cgroup, without which
   * SCHED_FIFO is refused even with the capability.
   */
  realtime?: { rtRuntimeUs?: number };
  /** A network namespace made for the run (`/var/run/netns/…`), joined instead of a new, empty one. */
  networkNamespace?: string;
  /** Variables beside PATH, LANG and HOME, e.g. `PARITY_PEER=10.213.0.1`. */
  env?: readonly string[];
}

/** Where the workload finds its scratch storage inside the container. */
export const CONTAINER_DATA_DIR = "/data";
export const CONTAINER_BLOCK_DEVICE = "/dev/parity-block";

/** The period of the real-time budget, the kernel's default `cpu.rt_period_us`. */
export const RT_PERIOD_US = 1_000_000;

function capabilities(names: string[]): Record<string, string[]> {
  return { bounding: names, effective: names, permitted: names, inheritable: names, ambient: names };
}

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * An OCI runtime spec (1.0) for a benchmark container: the host's /usr and /etc bind-mounted
 * read-only over an empty root (so the workload runs the very same binaries as the host
 * runtime), an unprivileged user, no capabilities (CAP_SYS_NICE alone for real-time guides), no new
 * privileges, and its own PID,
 * mount, IPC, UTS and network namespaces. Based on `runc spec` defaults.
 */
export function runcConfig(options: RuncConfigOptions): Record<string, unknown> {
  return {
    ociVersion: "1.0.2-dev",
    process: {
      terminal: false,
      user: { uid: 65534, gid: 65534 },
      args: [...options.args],
      env: [`PATH=${DEFAULT_PATH}`, "LANG=C.UTF-8", "HOME=/tmp", ...(options.env ?? [])],
      cwd: "/tmp",
      capabilities: capabilities(options.realtime ? ["CAP_SYS_NICE"] : []),
      // Stated, not inherited: runsc applies the spec's limits itself, so both runtimes get the same.
      rlimits: [
        { type: "RLIMIT_NOFILE", hard: 1024, soft: 1024 },
        ...(options.memlockBytes !== undefined
          ? [{ type: "RLIMIT_MEMLOCK", hard: options.memlockBytes, soft: options.memlockBytes }]
          : []),
      ],
      noNewPrivileges: true,
    },
    root: { path: options.rootfs, readonly: true },
    hostname: options.hostname,
    mounts: [
      { destination: "/proc", type: "proc", source: "proc" },
      {
        destination: "/dev",
        type: "tmpfs",
        source: "tmpfs",
        options: ["nosuid", "strictatime", "mode=755", "size=65536k"],
      },
      {
        destination: "/dev/pts",
        type: "devpts",
        source: "devpts",
        options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"],
      },
      {
        destination: "/dev/shm",
        type: "tmpfs",
        source: "shm",
        options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
      },
      { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
      { destination: "/usr", type: "bind", source: "/usr", options: ["rbind", "ro", "nosuid", "nodev"] },
      { destination: "/etc", type: "bind", source: "/etc", options: ["rbind", "ro", "nosuid", "nodev"] },
      { destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777", "size=65536k"] },
      ...(options.dataDir
        ? [
            {
              destination: CONTAINER_DATA_DIR,
              type: "bind",
              source: options.dataDir,
              options: ["rbind", "rw", "nosuid", "nodev"],
            },
          ]
        : []),
    ],
    linux: {
      resources: {
        devices: [
          { allow: false, access: "rwm" },
          ...(options.blockDevice
            ? [
                {
                  allow: true,
                  type: "b",
                  major: options.blockDevice.major,
                  minor: options.blockDevice.minor,
                  access: "rw",
                },
              ]
            : []),
        ],
        cpu: {
          cpus: options.cpus,
          ...(options.realtime?.rtRuntimeUs
            ? { realtimeRuntime: options.realtime.rtRuntimeUs, realtimePeriod: RT_PERIOD_US }
            : {}),
        },
      },
      ...(options.blockDevice
        ? {
            devices: [
              {
                path: CONTAINER_BLOCK_DEVICE,
                type: "b",
                major: options.blockDevice.major,
                minor: options.blockDevice.minor,
                fileMode: 0o660,
                uid: 65534,
                gid: 65534,
              },
            ],
          }
        : {}),
      // Under the root: the runner's own cgroup may have no real-time budget to hand down.
      ...(options.realtime?.rtRuntimeUs && options.containerId ? { cgroupsPath: `/${options.containerId}` } : {}),
      namespaces: [
        { type: "pid" },
        { type: "network", ...(options.networkNamespace ? { path: options.networkNamespace } : {}) },
        { type: "ipc" },
        { type: "uts" },
        { type: "mount" },
      ],
      maskedPaths: [
        "/proc/acpi",
        "/proc/asound",
        "/proc/kcore",
        "/proc/keys",
        "/proc/latency_stats",
        "/proc/timer_list",
        "/proc/timer_stats",
        "/proc/sched_debug",
        "/sys/firmware",
        "/proc/scsi",
      ],
      readonlyPaths: ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
    },
  };
}

/** Folders and links the empty root needs so the bind mounts and /bin, /lib paths resolve. */
export const ROOTFS_DIRS = ["usr", "etc", "proc", "dev", "sys", "tmp", "data"];
export const ROOTFS_LINKS: ReadonlyArray<[string, string]> = [
  ["bin", "usr/bin"],
  ["sbin", "usr/sbin"],
  ["lib", "usr/lib"],
  ["lib64", "usr/lib64"],
];
