import { chown, mkdtemp, readdir, rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";
import type { StorageMode } from "../../guides/define-guide.ts";
import { alive } from "./oci-runtime.ts";
import { requireBinary } from "./tools.ts";

/** Scratch storage on this machine: a folder on the host's file system, or a loop device over a backing file. */
export interface LocalScratch {
  mode: StorageMode;
  /** Host path the workload writes: a file in `dir`, or the loop device. */
  hostPath: string;
  dir: string;
  loopDevice?: string;
  major?: number;
  minor?: number;
}

/** Where scratch storage lives: /var/tmp is on the root file system, not a tmpfs, on Debian. */
const SCRATCH_ROOT = process.env.PARITY_SCRATCH_DIR ?? "/var/tmp";

/** A scratch folder's name carries its runner's pid, so that a later runner can tell a dead one's. */
const SCRATCH_DIR = /^parity-io-([0-9]+)-/;

/** Creates scratch storage of `sizeMiB`, readable and writable by the container's unprivileged user. */
export async function createScratch(mode: StorageMode, sizeMiB: number): Promise<LocalScratch> {
  const dir = await mkdtemp(join(SCRATCH_ROOT, `parity-io-${process.pid}-`));
  await chown(dir, 65534, 65534);
  if (mode === "filesystem") {
    const file = join(dir, "fio.dat");
    await writeFile(file, "");
    await chown(file, 65534, 65534);
    return { mode, hostPath: file, dir };
  }
  await requireBinary("losetup", "mount");
  const backing = join(dir, "backing.img");
  await writeFile(backing, "");
  await truncate(backing, sizeMiB * 1024 * 1024);
  const attached = await execa("losetup", ["--find", "--show", "--direct-io=on", backing], { reject: false });
  if (attached.exitCode !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new ParityError("TOOL_FAILED", {
      what: `Cannot attach a loop device for block storage: ${String(attached.stderr).trim()}`,
      next: "run as root with free loop devices, or with --storage filesystem to skip block mode",
    });
  }
  const device = String(attached.stdout).trim();
  const rdev = (await stat(device)).rdev;
  return { mode, hostPath: device, dir, loopDevice: device, major: Math.floor(rdev / 256), minor: rdev % 256 };
}

/**
 * Scratch storage of runners that died (SIGKILL, a crash) before removing it: their loop devices
 * are detached and their folders, backing files included, removed. Never another live runner's.
 */
export async function reapScratch(): Promise<void> {
  const attached = await execa("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], {
    reject: false,
  });
  for (const name of await readdir(SCRATCH_ROOT).catch(() => [] as string[])) {
    const pid = Number(name.match(SCRATCH_DIR)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    const dir = join(SCRATCH_ROOT, name);
    for (const line of String(attached.stdout).split("\n")) {
      const [device, backing] = line.trim().split(/\s+/, 2);
      if (device && backing?.startsWith(`${dir}/`)) await execa("losetup", ["--detach", device], { reject: false });
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** Detaches the loop device (if any) and removes the backing file and folder. */
export async function removeScratch(scratch: LocalScratch): Promise<void> {
  if (scratch.loopDevice) await execa("losetup", ["--detach", scratch.loopDevice], { reject: false });
  await rm(scratch.dir, { recursive: true, force: true });
}
