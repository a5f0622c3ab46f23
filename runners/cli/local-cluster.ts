import { fileURLToPath } from "node:url";
import { clusterDown } from "../cluster/cluster-down.ts";
import { PARITY_NAMESPACE, REALTIME_NAMESPACE, STORAGE_CLASS } from "../cluster/cluster-objects.ts";
import { clusterUp } from "../cluster/cluster-up.ts";
import { type ClusterLayout, clusterLayout } from "../cluster/layout.ts";
import { ParityError } from "../core/errors.ts";
import { IMAGES } from "../toolchain/versions.ts";

const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));
const profiles = fileURLToPath(new URL("../cluster/runtimes.yaml", import.meta.url));

/** The `parity run` options that reach the local cluster as Parity's own least-privilege identity. */
export function localClusterOptions(layout: ClusterLayout) {
  return {
    kubeconfig: layout.kubeconfig,
    profiles: profiles.replace(`${process.cwd()}/`, ""),
    namespace: PARITY_NAMESPACE,
    realtimeNamespace: REALTIME_NAMESPACE,
    storageClass: STORAGE_CLASS,
    image: IMAGES.workload,
  };
}

/** Builds (once) and starts the local cluster, with the daemon that recycles its released volumes. */
export async function startLocalCluster(gvisorPlatform: string, log: (line: string) => void): Promise<ClusterLayout> {
  const layout = clusterLayout();
  await clusterUp(
    layout,
    {
      gvisorPlatform,
      recycler: { name: "volume-recycler", command: process.execPath, args: [bin, "cluster", "recycle-volumes"] },
    },
    log,
  );
  return layout;
}

/** Stops the local cluster; anything it leaves behind is an error that names it. */
export async function stopLocalCluster(options: { purge: boolean }, log: (line: string) => void): Promise<void> {
  const problems = await clusterDown(clusterLayout(), options, log);
  if (problems.length > 0)
    throw new ParityError("CLUSTER", {
      what: "parity cluster down left things behind",
      evidence: `- ${problems.join("\n- ")}`,
      next: "remove them by hand (umount, losetup --detach) before the next cluster up",
    });
}
