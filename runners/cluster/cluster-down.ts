import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { DAEMON_ORDER } from "./cluster-up.ts";
import { NODE_IP } from "./config-files.ts";
import { stopDaemons } from "./daemons.ts";
import type { ClusterLayout } from "./layout.ts";
import { attachedLoops } from "./volumes.ts";

/** Shims, gVisor sandboxes and gofers of the cluster's containerd that outlived it. */
async function leftoverProcesses(layout: ClusterLayout): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const program = cmdline.split("\0")[0]!.split("/").at(-1)!;
    if (cmdline.includes(layout.root) && /^(containerd-shim|runsc)/.test(program)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Mount points under the cluster's root (pod volumes, container root file systems, network
 * namespaces), deepest first.
 */
async function mountsUnder(root: string): Promise<string[]> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8");
  const points = mountinfo
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => Boolean(p) && (p === root || p!.startsWith(`${root}/`)));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/**
 * Stops everything `cluster up` started and leaves nothing running or mounted: the pods'
 * containers and sandboxes, the daemons, mounts, network namespaces, the pod bridge, the node's
 * address and the loop devices. Builds and images stay cached; `purge` also removes the
 * certificates and kubeconfigs.
 */
export async function clusterDown(
  layout: ClusterLayout,
  options: { purge: boolean },
  log: (line: string) => void,
): Promise<string[]> {
  const problems: string[] = [];
  // The kubelet first, so that nothing restarts the pods removed below.
  await stopDaemons(layout, ["volume-recycler", "kubelet"], log, { rest: false });
  const ctr = (args: string[]) =>
    execa("ctr", ["--address", layout.socket, "--namespace", "k8s.io", ...args], { reject: false });
  for (const task of (await ctr(["tasks", "list", "--quiet"])).stdout.split("\n").filter(Boolean)) {
    await ctr(["tasks", "kill", "--signal", "SIGKILL", task]);
    await ctr(["tasks", "delete", "--force", task]);
  }
  for (const container of (await ctr(["containers", "list", "--quiet"])).stdout.split("\n").filter(Boolean))
    await ctr(["containers", "delete", container]);
  await stopDaemons(layout, [...DAEMON_ORDER].reverse(), log, { rest: true });
  for (const pid of await leftoverProcesses(layout)) {
    log(`killing leftover process ${pid}`);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  for (const netns of (await execa("ip", ["netns", "list"], { reject: false })).stdout
    .split("\n")
    .map((l) => l.split(" ")[0]!)
    .filter((n) => n.startsWith("cni-"))) {
    await execa("ip", ["netns", "delete", netns], { reject: false });
  }
  for (const point of await mountsUnder(layout.root)) {
    const result = await execa("umount", ["--lazy", point], { reject: false, all: true });
    if (result.exitCode !== 0) problems.push(`could not unmount ${point}: ${result.all}`);
  }
  for (const loop of await attachedLoops(layout)) {
    const result = await execa("losetup", ["--detach", loop], { reject: false, all: true });
    if (result.exitCode !== 0) problems.push(`could not detach ${loop}: ${result.all}`);
  }
  await execa("ip", ["link", "delete", "parity0"], { reject: false });
  await execa("ip", ["addr", "delete", `${NODE_IP}/32`, "dev", "lo"], { reject: false });
  // State goes; builds, images and (unless purging) certificates stay.
  for (const entry of await readdir(layout.root).catch(() => [] as string[])) {
    if (!options.purge && (entry === "pki" || entry.endsWith("kubeconfig"))) continue;
    await rm(join(layout.root, entry), { recursive: true, force: true }).catch((error) =>
      problems.push(`could not remove ${join(layout.root, entry)}: ${(error as Error).message}`),
    );
  }
  if ((await mountsUnder(layout.root)).length > 0) problems.push(`mounts remain under ${layout.root}`);
  if ((await leftoverProcesses(layout)).length > 0) problems.push(`processes remain that use ${layout.root}`);
  return problems;
}
