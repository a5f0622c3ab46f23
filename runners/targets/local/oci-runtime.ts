import { readdir, rm, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { unmountUnder } from "./mounts.ts";

/** An OCI runtime binary and the global flags Parity gives it (runsc: state root, settings, logs). */
export interface OciRuntime {
  /** `runc`, `crun`, or the path of the runsc Parity built. */
  binary: string;
  /** gVisor: its own logs of a failed run are kept beside the raw log. */
  sandbox: boolean;
  /** Flags before the subcommand; `logDir` is where runsc writes its logs of this container. */
  globalArgs(logDir: string): string[];
}

/** Container ids are `parity-<campaign>-<pid>-<n>`: the pid tells whether their runner is alive. */
const CONTAINER_ID = /^parity-.+-([0-9]+)-[0-9]+$/;
/** Work folders are `parity-local-<pid>-<random>`, holding the rootfs, bundles and runsc's state. */
export const WORKDIR_PREFIX = `parity-local-${process.pid}-`;
const WORKDIR = /^parity-local-([0-9]+)-/;
/** runsc's state root inside a work folder: its containers are listed and reaped from there. */
export const RUNSC_STATE = "runsc-state";

/** Whether process `pid` still runs (a runner whose leftovers must not be touched). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills and deletes a container; a container already gone is fine. */
export async function removeContainer(runtime: OciRuntime, logDir: string, id: string): Promise<void> {
  const global = runtime.globalArgs(logDir);
  await execa(runtime.binary, [...global, "kill", id, "KILL"], { reject: false });
  await execa(runtime.binary, [...global, "delete", "--force", id], { reject: false });
}

async function reapListed(binary: string, global: string[]): Promise<void> {
  const listed = await execa(binary, [...global, "list", "--quiet"], { reject: false });
  for (const id of String(listed.stdout).split("\n")) {
    const pid = Number(id.match(CONTAINER_ID)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    await execa(binary, [...global, "kill", id, "KILL"], { reject: false });
    await execa(binary, [...global, "delete", "--force", id], { reject: false });
  }
}

/** Empty cgroups named after a dead runner's containers (cgroup v1 keeps one per controller). */
async function reapCgroups(): Promise<void> {
  for (const controller of await readdir(CGROUP_ROOT).catch(() => [] as string[])) {
    for (const name of await readdir(join(CGROUP_ROOT, controller)).catch(() => [] as string[])) {
      const pid = Number(name.match(CONTAINER_ID)?.[1]);
      if (pid && pid !== process.pid && !alive(pid))
        await rmdir(join(CGROUP_ROOT, controller, name)).catch(() => undefined);
    }
  }
}

const CGROUP_ROOT = "/sys/fs/cgroup";

/**
 * Removes what a runner killed before it could clean up left behind: its runc and crun
 * containers, the gVisor sandboxes under its work folder's runsc state root (with `runsc`, the
 * binary Parity built, when there is one), the folder itself, and the containers' empty cgroups.
 */
export async function reapOrphans(runsc?: string): Promise<void> {
  await reapListed("runc", []);
  await reapListed("crun", []);
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const pid = Number(name.match(WORKDIR)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    const dir = join(tmpdir(), name);
    if (runsc) await reapListed(runsc, [`--root=${join(dir, RUNSC_STATE)}`]);
    await unmountUnder(dir);
    await rm(dir, { recursive: true, force: true });
  }
  await reapCgroups();
}
