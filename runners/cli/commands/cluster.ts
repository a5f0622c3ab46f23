import { defineCommand } from "citty";
import * as z from "zod";
import { PARITY_NAMESPACE } from "../../cluster/cluster-objects.ts";
import { kubectl } from "../../cluster/cluster-up.ts";
import { type ClusterLayout, clusterLayout } from "../../cluster/layout.ts";
import { runVolumeRecycler } from "../../cluster/volume-recycler.ts";
import { ParityError } from "../../core/errors.ts";
import { CLUSTER_VERSIONS } from "../../toolchain/versions.ts";
import { localClusterOptions, startLocalCluster, stopLocalCluster } from "../local-cluster.ts";
import { parityCommand } from "../parity-command.ts";

const log = (line: string) => process.stderr.write(`parity cluster: ${line}\n`);

/** The command that runs a campaign on the local cluster, as `cluster up` prints it. */
export function localClusterRunCommand(layout: ClusterLayout): string {
  const o = localClusterOptions(layout);
  return (
    `npx parity run --target kubernetes --kubeconfig ${o.kubeconfig} --profiles ${o.profiles} --namespace ` +
    `${o.namespace} --realtime-namespace ${o.realtimeNamespace} --storage-class ${o.storageClass} --runtimes ` +
    `runc,gvisor --image ${o.image} --campaign ID`
  );
}

const up = parityCommand({
  name: "up",
  parent: "cluster",
  description:
    `Build (once) and start a single-node Kubernetes ${CLUSTER_VERSIONS.kubernetes} on this machine, ` +
    `with runc and a gvisor RuntimeClass`,
  options: z.object({
    gvisorPlatform: z
      .enum(["systrap", "ptrace"], { error: "the local cluster offers systrap and ptrace" })
      .default("systrap")
      .describe("gVisor's platform on the cluster: systrap or ptrace (this machine has no usable KVM)"),
  }),
  run: async (o) => {
    const layout = await startLocalCluster(o.gvisorPlatform, log);
    process.stdout.write(
      [
        `A single-node Kubernetes ${CLUSTER_VERSIONS.kubernetes} is running on this machine (runc by default, ` +
          `RuntimeClass gvisor).`,
        `Parity's own identity (least privilege, namespace ${PARITY_NAMESPACE}): ${layout.kubeconfig}`,
        `Administrator: ${layout.adminKubeconfig}   kubectl: ${layout.kubernetes.bin}/kubectl`,
        `Run a campaign on it:`,
        `  ${localClusterRunCommand(layout)}`,
        `Stop it (nothing stays running or mounted): npx parity cluster down`,
        "",
      ].join("\n"),
    );
  },
});

const down = parityCommand({
  name: "down",
  parent: "cluster",
  description:
    "Stop the local cluster and remove its pods, mounts, network and loop devices (builds and images stay cached)",
  options: z.object({ purge: z.boolean().default(false).describe("Also remove the certificates and kubeconfigs") }),
  run: async (o) => {
    await stopLocalCluster({ purge: o.purge }, log);
    process.stdout.write("The local cluster is stopped; nothing of it is running or mounted.\n");
  },
});

const status = parityCommand({
  name: "status",
  parent: "cluster",
  description: "Print the local cluster's node and whether its components answer",
  options: z.object({}),
  run: async () => {
    const result = await kubectl(clusterLayout(), ["get", "nodes", "-o", "wide"]);
    if (result.exitCode !== 0)
      throw new ParityError("CLUSTER", {
        what: `The local cluster does not answer (${result.all?.split("\n")[0]})`,
        next: "start it with `parity cluster up`",
      });
    process.stdout.write(`${result.stdout}\n`);
  },
});

// Started by `cluster up` as a daemon; not for people.
const recycleVolumes = defineCommand({
  meta: { name: "recycle-volumes", description: "(internal) make released local volumes available again" },
  run: () => runVolumeRecycler(clusterLayout(), log),
});

export const clusterCommand = defineCommand({
  meta: {
    name: "cluster",
    description: "A real single-node Kubernetes on this machine, for the kubernetes target: up, down, status",
  },
  subCommands: { up, down, status, "recycle-volumes": recycleVolumes },
});
