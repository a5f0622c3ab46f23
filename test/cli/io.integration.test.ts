import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { wasRerun } from "../../runners/core/machine-state.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { alive } from "../../runners/targets/local/oci-runtime.ts";
import { parity } from "../helpers/cli.ts";

// A real --quick I/O campaign on this machine: fio through a file on the host's file system
// and through a loop device, in a bare process and in a runc container.
const data = await mkdtemp(join(tmpdir(), "parity-io-it-"));
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

describe("parity run io --quick (real fio, real runc, real loop device)", () => {
  it("measures both storage modes on both runtimes, records the path, and removes the loop devices", async () => {
    const r = await parity([
      "run",
      "io",
      "--quick",
      "--runs",
      "1",
      "--runtimes",
      "host,runc",
      "--campaign",
      "io-quick",
      "--data",
      data,
    ]);
    expect(r.stderr).toContain("Campaign io-quick complete");
    expect(r.code).toBe(0);
    const store = new CampaignStore(join(data, "campaigns"));
    expect((await store.readCampaign("io-quick")).storageModes).toEqual(["filesystem", "block"]);
    const io = await store.readGuide("io-quick", "io");
    // (A run made again on a busy machine is one run: its first attempt is left out.)
    expect(
      io.measurements
        .filter((m) => !wasRerun(m))
        .map((m) => `${m.runtime}/${m.variant}`)
        .sort(),
    ).toEqual(["host/block", "host/filesystem", "runc/block", "runc/filesystem"]);
    for (const m of io.measurements) {
      expect(m.storage?.mode).toBe(m.variant);
      expect(m.storage?.directIo).toBe(true);
      if (m.variant === "block") expect(m.storage?.device).toMatch(/^loop\d+$/);
      else expect(m.storage?.fsType).toMatch(/^(ext4|xfs|btrfs|overlay|tmpfs)$/);
      for (const job of ["randread-4k", "randwrite-4k", "seqread-1m", "seqwrite-1m"])
        expect(m.metrics[`${job}.iops`]).toBeGreaterThan(0);
    }
    expect(await readdir(join(data, "campaigns", "io-quick", "raw", "io"))).toEqual(
      expect.arrayContaining(["runc-block-1.log", "host-filesystem-1.log"]),
    );
    // Scratch folders are `parity-io-<pid>-…`: the campaign's runner has exited, so anything of its
    // own left would belong to a dead process (another live runner's is not this campaign's).
    const dead = (path: string) => {
      const pid = Number(/parity-io-(\d+)-/.exec(path)?.[1]);
      return pid > 0 && !alive(pid);
    };
    const loops = await execa("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"]);
    expect(String(loops.stdout).split("\n").filter(dead)).toEqual([]);
    expect((await readdir("/var/tmp")).filter(dead)).toEqual([]);
    const shown = await parity(["show", "io-quick", "--verbose", "--data", data]);
    expect(shown.stdout).toMatch(/4 KiB random read: IOPS \[filesystem\]/);
    expect(shown.stdout).toMatch(/storage path: block against filesystem, within each runtime/);
  });

  it("refuses an unknown storage mode", async () => {
    const r = await parity(["run", "io", "--storage", "nfs", "--campaign", "io-bad", "--data", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/storage\[0\]: storage modes are filesystem and block/);
  });
});
