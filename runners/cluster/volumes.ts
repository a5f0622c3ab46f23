import { mkdir, open, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../core/errors.ts";
import { localVolume, VOLUME_GIB, VOLUMES_PER_MODE } from "./cluster-objects.ts";
import type { ClusterLayout } from "./layout.ts";

const backingFile = (layout: ClusterLayout, i: number) => join(layout.volumes, `block-${i}.img`);

/** The loop devices attached to the cluster's block volume files, as `losetup` lists them. */
export async function attachedLoops(layout: ClusterLayout): Promise<string[]> {
  const listed = await execa("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], { reject: false });
  return listed.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, file]) => file?.startsWith(`${layout.volumes}/`))
    .map(([name]) => name!);
}

/**
 * The node's local volumes: for Filesystem claims a folder each, for Block claims a loop device
 * over a sparse file each (the I/O guide's precondition writes it whole before measuring).
 * Returns their PersistentVolumes.
 */
export async function prepareVolumes(layout: ClusterLayout): Promise<Record<string, unknown>[]> {
  const volumes: Record<string, unknown>[] = [];
  for (let i = 0; i < VOLUMES_PER_MODE; i++) {
    const dir = join(layout.volumes, `filesystem-${i}`);
    await mkdir(dir, { recursive: true });
    volumes.push(localVolume("Filesystem", i, dir));
    const file = backingFile(layout, i);
    const handle = await open(file, "a");
    await handle.truncate(VOLUME_GIB * 1024 ** 3);
    await handle.close();
    // Direct I/O from the loop device to its file, as the local target's: otherwise the file's page
    // cache answers the reads.
    const attached = await execa("losetup", ["--find", "--show", "--direct-io=on", file], { reject: false, all: true });
    if (attached.exitCode !== 0)
      throw new ParityError("CLUSTER", {
        what: `Attaching a loop device to ${file} failed: ${attached.all}`,
        next: "run cluster up as root, with free loop devices (losetup --list)",
      });
    volumes.push(localVolume("Block", i, attached.stdout.trim()));
  }
  return volumes;
}

/** Empties a Filesystem volume's folder for its next claim. */
export async function wipeFolder(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
}
