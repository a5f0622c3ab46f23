import { type GvisorSettings, gvisorVariants } from "../targets/local/gvisor-variants.ts";

/**
 * A runtime the cluster offers besides its default (runc): a containerd runtime (its handler) and
 * the RuntimeClass of the same name as the runtime profile that selects it.
 */
export type ClusterRuntime =
  | { runtimeClass: string; handler: string; kind: "runsc"; settings: GvisorSettings }
  | { runtimeClass: "crun"; handler: "crun"; kind: "crun" };

/**
 * Every gVisor variant of runners/targets/local/gvisor-variants.yaml (the same runsc settings as the
 * local target: `gvisor` on `gvisorPlatform`, the others as they are), and crun, when it can run here.
 */
export function clusterRuntimes(gvisorPlatform: string, withCrun: boolean): ClusterRuntime[] {
  return [
    ...gvisorVariants.map(
      (v): ClusterRuntime => ({
        runtimeClass: v.name,
        // `runsc` stays the production handler's name, as gVisor's documentation installs it.
        handler: v.name === "gvisor" ? "runsc" : `runsc-${v.name.slice("gvisor-".length)}`,
        kind: "runsc",
        settings: v.name === "gvisor" ? { ...v.settings, platform: gvisorPlatform } : v.settings,
      }),
    ),
    ...(withCrun ? [{ runtimeClass: "crun", handler: "crun", kind: "crun" } as const] : []),
  ];
}

/** The runsc settings of each gVisor RuntimeClass, for that annotation. */
export function runtimeSettingsOf(runtimes: readonly ClusterRuntime[]): Record<string, GvisorSettings> {
  return Object.fromEntries(runtimes.flatMap((r) => (r.kind === "runsc" ? [[r.runtimeClass, r.settings]] : [])));
}
