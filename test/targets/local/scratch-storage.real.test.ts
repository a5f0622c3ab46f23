import { access, mkdir, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { reapScratch } from "../../../runners/targets/local/scratch-storage.ts";

/** Loop devices backed by a file under `dir`. */
async function loopsUnder(dir: string): Promise<string[]> {
  const listed = await execa("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"]);
  return String(listed.stdout)
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, back]) => back?.startsWith(`${dir}/`))
    .map(([name]) => name!);
}

describe("scratch storage of a runner that died", () => {
  it("is reaped by the next runner: its loop device detached, its backing file and folder removed", async () => {
    // A runner killed with SIGKILL in block mode leaves exactly this: a folder named after its pid,
    // a backing file and the loop device over it. A process that has exited stands for that runner.
    const dead = execa("true");
    await dead;
    const dir = join("/var/tmp", `parity-io-${dead.pid}-reaptest`);
    await mkdir(dir, { recursive: true });
    const backing = join(dir, "backing.img");
    await writeFile(backing, "");
    await truncate(backing, 4 * 1024 * 1024);
    await execa("losetup", ["--find", "--show", backing]);
    expect(await loopsUnder(dir)).toHaveLength(1);
    // A live runner's scratch (this process's) is left alone.
    const mine = join("/var/tmp", `parity-io-${process.pid}-reaptest`);
    await mkdir(mine, { recursive: true });

    await reapScratch();

    expect(await loopsUnder(dir)).toEqual([]);
    await expect(access(dir)).rejects.toThrow();
    await expect(access(mine)).resolves.toBeUndefined();
    await execa("rm", ["-rf", mine]);
  });
});
