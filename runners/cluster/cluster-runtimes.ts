import { type GvisorSettings, gvisorRuntimes } from "../targets/local/gvisor-settings.ts";

/**
 * A gVisor runtime the cluster offers besides its default (runc): a containerd runtime (its handler),
 * the RuntimeClass of the same name as the runtime profile that selects it, and its runsc settings.
 */
export interface ClusterRuntime {
  runtimeClass: string;
  handler: string;
  settings: GvisorSettings;
}

/**
 * Every gVisor runtime of runners/targets/local/gvisor-settings.yaml (the same runsc settings as the
 * local target: `gvisor` on `gvisorPlatform`, the others as they are). crun is not offered: Debian's
 * crun 1.8 refuses this machine's hybrid cgroup hierarchy, and emptying its cgroup2 mount (as the
 * local target does) moves hugetlb to a hierarchy where the kubelet then fails to start.
 */
export function clusterRuntimes(gvisorPlatform: string): ClusterRuntime[] {
  return gvisorRuntimes.map((v) => ({
    runtimeClass: v.name,
    // `runsc` stays the production handler's name, as gVisor's documentation installs it.
    handler: v.name === "gvisor" ? "runsc" : `runsc-${v.name.slice("gvisor-".length)}`,
    settings: v.name === "gvisor" ? { ...v.settings, platform: gvisorPlatform } : v.settings,
  }));
}

/** The runsc settings of each gVisor RuntimeClass, for that annotation. */
export function runtimeSettingsOf(runtimes: readonly ClusterRuntime[]): Record<string, GvisorSettings> {
  return Object.fromEntries(runtimes.map((r) => [r.runtimeClass, r.settings]));
}
