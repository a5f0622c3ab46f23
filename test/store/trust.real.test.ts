import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { scrub } from "../../runners/core/scrub.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { writeDigests } from "../../runners/store/digests.ts";
import { parity } from "../helpers/cli.ts";
import { checkDamaged, editJson } from "../helpers/damaged.ts";

// A real quick campaign, copied and damaged: parity check must catch every edit of a number,
// a raw log or a run's identity, every path out of the campaign, and every unknown field.
let pristine: string;
beforeAll(async () => {
  pristine = await mkdtemp(join(tmpdir(), "parity-trust-"));
  const r = await parity([
    "run",
    "cpu",
    "startup",
    "--quick",
    "--runs",
    "2",
    "--runtimes",
    "host,runc",
    "--campaign",
    "t1",
    "--data",
    pristine,
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => rm(pristine, { recursive: true, force: true }));

const damaged = (edit: (dir: string) => Promise<void>) => checkDamaged(pristine, "t1", edit);
const runcRun = (j: any, n = 1) =>
  j.measurements.find((m: any) => m.runtime === "runc" && m.arm === "main" && m.run === n);

describe("parity check holds every number to its raw log", () => {
  it("passes the untouched campaign, re-deriving startup from the clock marks its raw logs keep", async () => {
    const r = await parity(["check", "--data", pristine]);
    expect(r.stdout).toBe("schema: ok\nt1: ok");
  });

  it("fails an edited number, naming file, run and field", async () => {
    const r = await damaged((dir) =>
      editJson(join(dir, "cpu.json"), (j) => (runcRun(j).metrics.eventsPerSecond *= 1.5)),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        String.raw`cpu: "cpu on runc, run 1" stores eventsPerSecond = [\d.]+, but its raw log` +
          String.raw` raw\/cpu\/runc-1\.log gives [\d.]+: the number or the log was edited`,
      ),
    );
  });

  it("fails an edited raw log, through its digest and its numbers", async () => {
    const r = await damaged(async (dir) => {
      const path = join(dir, "raw", "cpu", "runc-1.log");
      await writeFile(
        path,
        (await readFile(path, "utf8")).replace(
          /events per second:\s+([\d.]+)/,
          (_m, v) => `events per second: ${(Number(v) * 2).toFixed(2)}`,
        ),
      );
    });
    expect(r.stdout).toContain(
      "raw/cpu/runc-1.log changed since the campaign was written: its SHA-256 differs from SHA256SUMS",
    );
    expect(r.stdout).toMatch(/stores eventsPerSecond = [\d.]+, but its raw log raw\/cpu\/runc-1\.log gives/);
  });

  it("fails a duplicated, a replaced and a renumbered run", async () => {
    const duplicated = await damaged((dir) =>
      editJson(join(dir, "cpu.json"), (j) => j.measurements.push({ ...runcRun(j) })),
    );
    expect(duplicated.stdout).toMatch(/share raw log raw\/cpu\/runc-1\.log: a duplicated run/);
    const replaced = await damaged((dir) =>
      editJson(join(dir, "cpu.json"), (j) => (runcRun(j).steps[0].rawLog = "raw/cpu/host-1.log")),
    );
    expect(replaced.stdout).toMatch(
      new RegExp(
        String.raw`raw\/cpu\/host-1\.log is the raw log of "cpu on host, run 1", but cpu\.json files it as "cpu` +
          ` on runc, run 1": a replaced or renumbered run`,
      ),
    );
    const renumbered = await damaged((dir) => editJson(join(dir, "cpu.json"), (j) => (runcRun(j, 2).run = 3)));
    expect(renumbered.stdout).toMatch(/files it as "cpu on runc, run 3": a replaced or renumbered run/);
    // An attempt is only made after a run left out for a busy or slowed machine: one without is forged.
    const attempt = await damaged((dir) => editJson(join(dir, "cpu.json"), (j) => (runcRun(j, 2).attempt = 2)));
    expect(attempt.stdout).toMatch(
      /cpu on runc, run 2, attempt 2 has no earlier attempt left out for a busy or slowed machine/,
    );
  });

  it("refuses a raw-log path out of the campaign, a symbolic link, and an unknown field", async () => {
    const outside = await damaged((dir) =>
      editJson(join(dir, "cpu.json"), (j) => (runcRun(j).steps[0].rawLog = "../../../../etc/passwd")),
    );
    expect(outside.stdout).toMatch(/rawLog: must be a path under the campaign's raw\/ folder/);
    const link = await damaged((dir) => symlink("/etc/passwd", join(dir, "raw", "leak.log")));
    expect(link.stdout).toContain("raw/leak.log is a symbolic link: a campaign holds regular files only");
    const unknown = await damaged((dir) => editJson(join(dir, "campaign.json"), (j) => (j.sneaky = true)));
    expect(unknown.stdout).toMatch(/campaign\.json is not valid:[\s\S]*Unrecognized key[\s\S]*sneaky/);
  });

  it("reads no campaign outside data/ from any command", async () => {
    const output = fileURLToPath(
      new URL("../fixtures/sysbench/cpu_1.0.20_t2_system-luajit_this-machine.txt", import.meta.url),
    );
    for (const args of [
      ["show", "../../etc"],
      ["compare", "cpu", output, "--campaign", "../.."],
    ]) {
      const r = await parity([...args, "--data", pristine]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          String.raw`Campaign id "\.\.[^"]*" is not valid:[\s\S]*Next step: campaign ids are names under` +
            String.raw` data\/campaigns\/, never paths`,
        ),
      );
    }
  });
});

describe("one writer per campaign", () => {
  it("refuses a second writer while the first lives, and clears a dead one's lock with a message", async () => {
    const root = await mkdtemp(join(tmpdir(), "parity-lock-"));
    const store = new CampaignStore(root);
    const holder = execa("sleep", ["30"]);
    await writeFile(join(root, ".c1.lock"), `${holder.pid}\n`);
    const refused = await store.lock("c1", () => {}).catch((e: unknown) => e);
    expect(isParityError(refused, "CAMPAIGN_BUSY")).toBe(true);
    expect((refused as Error).message).toMatch(/being written by another Parity process \(pid \d+\)/);
    holder.kill();
    await holder.catch(() => undefined);
    const notes: string[] = [];
    const unlock = await store.lock("c1", (m) => notes.push(m));
    expect(notes[0]).toMatch(/cleared a stale lock left by process \d+, which is no longer running/);
    await unlock();
    await rm(root, { recursive: true, force: true });
  });
});

describe("parity check refuses what it cannot verify", () => {
  /** Damages the copy, then rewrites its SHA256SUMS as a forger would, so only the cross-checks can tell. */
  const resealed = (edit: (dir: string) => Promise<void>) =>
    damaged(async (dir) => {
      await edit(dir);
      await writeDigests(dir);
    });

  it("cross-checks campaign.json's kernel, vCPUs and tool versions against the probes and raw logs", async () => {
    const kernel = await resealed((dir) => editJson(join(dir, "campaign.json"), (j) => (j.hosts[0].kernel = "9.9.9")));
    expect(kernel.code).toBe(1);
    expect(kernel.stdout).toMatch(/campaign\.json records kernel 9\.9\.9, but the baseline's probe .* saw /);
    const vcpus = await resealed((dir) =>
      editJson(join(dir, "campaign.json"), (j) => {
        j.hosts[0].vcpus = 64;
        j.hosts[0].cpuset = "0-63";
      }),
    );
    expect(vcpus.stdout).toMatch(/records cpuset 0-63 \(64 CPUs\), but the baseline's probe saw \d+ vCPU/);
    const tool = await resealed((dir) =>
      editJson(join(dir, "campaign.json"), (j) => (j.hosts[0].tools.sysbench = "9.0.0")),
    );
    expect(tool.stdout).toMatch(/campaign\.json records sysbench 9\.0\.0, but cpu's raw logs print 1\.0\./);
  });

  it("refuses a method or guide version newer than it knows", async () => {
    const method = await resealed((dir) => editJson(join(dir, "campaign.json"), (j) => (j.method = 99)));
    expect(method.code).toBe(1);
    expect(method.stdout).toMatch(/made with measurement method 99, which this version of Parity .* does not know/);
    const guide = await resealed((dir) => editJson(join(dir, "cpu.json"), (j) => (j.guideVersion = 7)));
    expect(guide.stdout).toMatch(/cpu\.json was measured with guide version 7, newer than this Parity's/);
  });

  it("reports a campaign folder that is a symbolic link, and no command reads through it", async () => {
    const root = await mkdtemp(join(tmpdir(), "parity-linked-data-"));
    await mkdir(join(root, "campaigns"));
    await symlink(join(pristine, "campaigns", "t1"), join(root, "campaigns", "t1"));
    const checked = await parity(["check", "--data", root]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("t1 under");
    expect(checked.stdout).toContain("is not a campaign folder (a symbolic link or a file)");
    for (const args of [
      ["show", "t1"],
      ["export", "t1"],
    ]) {
      const r = await parity([...args, "--data", root]);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stdout).toBe("");
    }
    await rm(root, { recursive: true, force: true });
  });
});

describe("stored messages", () => {
  it("keep what only looks like one: namespaces, versions", () => {
    const facts = "pidNamespace=pid:[4026531836] sysbench 1.0.20 fio-3.33 LuaJIT 2.1.1723681758";
    expect(scrub(facts)).toBe(facts);
    expect(scrub("connect to [fe80::1]:6443 and [::1]")).toBe("connect to <address> and <address>");
  });

  it("carry no server address, IP, kubeconfig path or node name", () => {
    const message =
      "GET nodes failed (request to https://127.0.0.1:6443/api/v1/nodes/ip-10-0-1-7.ec2.internal failed, reason: " +
      "connect ECONNREFUSED 10.0.1.7:6443) reading /root/.kube/config on node worker-a";
    const clean = scrub(message, ["ip-10-0-1-7.ec2.internal", "worker-a"]);
    expect(clean).toBe(
      "GET nodes failed (request to <api-server> failed, reason: connect ECONNREFUSED <address>) reading " +
        "<kubeconfig> on node <node>",
    );
  });
});
