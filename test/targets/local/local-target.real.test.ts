import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { splitProbe, wrapWithProbe } from "../../../runners/core/probe.ts";
import { LocalTarget } from "../../../runners/targets/local/local-target.ts";
import { ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "../../../runners/targets/local/runc-config.ts";

const SYSBENCH = { binary: "sysbench", debianPackage: "sysbench", versionArgv: ["sysbench", "--version"] };

async function runcIds(): Promise<string[]> {
  return (await execa("runc", ["list", "--quiet"])).stdout.split("\n").filter(Boolean);
}

describe("LocalTarget", () => {
  it("pins host and runc to the same CPU set and runs runc unprivileged in its own namespaces", async () => {
    const target = new LocalTarget({ label: "lt-cpuset", cpuset: "0" });
    await target.prepare([SYSBENCH], ["host", "runc"]);
    try {
      const script = wrapWithProbe(["sh", "-c", "id -u; grep CapEff /proc/self/status"]);
      const host = await target.exec("host", script, { label: "host" });
      const runc = await target.exec("runc", script, { label: "runc" });
      const h = splitProbe(host.stdout, "host");
      const r = splitProbe(runc.stdout, "runc");
      expect(h.facts.vcpus).toBe(1);
      expect(r.facts.vcpus).toBe(1);
      expect(r.facts.pidNamespace).not.toBe(h.facts.pidNamespace);
      expect(r.facts.kernel).toBe(h.facts.kernel);
      // Inside the container: user nobody, no capabilities at all.
      expect(r.toolOutput).toMatch(/^65534\nCapEff:\s+0000000000000000\n$/);
      const [facts] = await target.hostFacts([SYSBENCH]);
      expect(facts).toMatchObject({ role: "local", cpuset: "0" });
      expect(facts!.runtimeVersions.runc).toMatch(/^\d+\.\d+/);
    } finally {
      await target.cleanup();
    }
    expect((await runcIds()).filter((id) => id.startsWith("parity-lt-cpuset"))).toEqual([]);
  });

  it("reports a failing command's exit code instead of throwing", async () => {
    const target = new LocalTarget({ label: "lt-exit" });
    await target.prepare([], ["runc"]);
    try {
      const result = await target.exec("runc", ["sh", "-c", "echo bad >&2; exit 7"], { label: "x" });
      expect(result.exitCode).toBe(7);
      expect(result.stderr).toBe("bad\n");
    } finally {
      await target.cleanup();
    }
  });

  it("removes containers left by a Parity process that died", async () => {
    // A container named as Parity names them, owned by a pid that does not exist.
    const orphan = "parity-orphan-4194000-1";
    const dir = await mkdtemp(join(tmpdir(), "parity-orphan-"));
    for (const d of ROOTFS_DIRS) await mkdir(join(dir, "rootfs", d), { recursive: true });
    for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(dir, "rootfs", link));
    await writeFile(
      join(dir, "config.json"),
      JSON.stringify(runcConfig({ rootfs: join(dir, "rootfs"), args: ["sleep", "60"], cpus: "0", hostname: "x" })),
    );
    await execa("runc", ["run", "--detach", "--bundle", dir, orphan], { stdio: "ignore" });
    expect(await runcIds()).toContain(orphan);
    const target = new LocalTarget({ label: "lt-reaper" });
    await target.prepare([], ["runc"]);
    await target.cleanup();
    expect(await runcIds()).not.toContain(orphan);
    await rm(dir, { recursive: true, force: true });
  });
});
