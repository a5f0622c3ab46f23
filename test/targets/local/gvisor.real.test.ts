import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { splitProbe, wrapWithProbe } from "../../../runners/core/probe.ts";
import { guides } from "../../../runners/guides/index.ts";
import { createProgress } from "../../../runners/run/progress.ts";
import { runCampaign } from "../../../runners/run/run-campaign.ts";
import { CampaignStore } from "../../../runners/store/campaign-store.ts";
import { checkSettingsStart } from "../../../runners/targets/local/gvisor.ts";
import { gvisorRuntimes } from "../../../runners/targets/local/gvisor-settings.ts";
import { LocalTarget } from "../../../runners/targets/local/local-target.ts";
import { ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "../../../runners/targets/local/runc-config.ts";
import { ensureRunsc } from "../../../runners/targets/local/runsc-binary.ts";
import type { Target } from "../../../runners/targets/target.ts";

// Real runsc (gVisor) on this machine: the same bundle as runc, in gVisor's own kernel.

async function sandboxesOf(label: string): Promise<number> {
  const found = await execa("pgrep", ["-f", `runsc-(sandbox|gofer).*parity-${label}-`], { reject: false });
  return String(found.stdout).split("\n").filter(Boolean).length;
}

async function workdirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(`parity-local-${process.pid}-`));
}

describe("gVisor's start check", () => {
  it("copies none of the runner's environment to disk and leaves nothing in /tmp", async () => {
    const runsc = await ensureRunsc(() => {});
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith("runsc-do"));
    const root = await mkdtemp(join(tmpdir(), "parity-smoke-"));
    process.env.PARITY_TEST_CREDENTIAL = "s3cr3t-token-value";
    try {
      for (const v of gvisorRuntimes)
        await expect(checkSettingsStart(runsc, v.name, v.settings, join(root, "state"))).resolves.toBeUndefined();
    } finally {
      delete process.env.PARITY_TEST_CREDENTIAL;
    }
    expect((await readdir(tmpdir())).filter((n) => n.startsWith("runsc-do"))).toEqual(before);
    const leftover = await execa("grep", ["-rl", "s3cr3t-token-value", root], { reject: false });
    expect(leftover.stdout).toBe("");
    expect((await readdir(tmpdir())).filter((n) => n.startsWith("parity-runsc-do-"))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });
});

describe("gVisor's runtimes, as data", () => {
  it("start from the pinned runsc's own defaults, so that `gvisor` is gVisor as production runs it", async () => {
    const flags = String((await execa(await ensureRunsc(() => {}), ["flags"], { all: true })).all);
    // A flag's help runs from its `  -name` line to the next flag's; its default closes it.
    const defaultOf = (flag: string) => {
      const at = flags.search(new RegExp(`^  -${flag}(\\s|$)`, "m"));
      const next = flags.indexOf("\n  -", at + 1);
      const help = flags.slice(at, next);
      // Either `(default "systrap")` after the text, or `exclusive (default), shared` within it.
      return (/\(default "?([^")]+)"?\)/.exec(help) ?? /(\S+) \(default\)/.exec(help))?.[1];
    };
    const production = gvisorRuntimes.find((v) => v.name === "gvisor")!.settings;
    for (const flag of ["platform", "directfs", "file-access", "overlay2", "network"] as const)
      expect(production[flag], flag).toBe(defaultOf(flag));
  });

  it("run one bundle in each gVisor runtime and in crun, each proven where it ran, and leave nothing", async () => {
    const names = gvisorRuntimes.map((v) => v.name);
    const target = new LocalTarget({ label: "gv-variants", cpuset: "0" });
    await target.prepare([], ["runc", "crun", ...names]);
    try {
      const script = wrapWithProbe(["sh", "-c", "id -u"]);
      const seen = async (runtime: string) =>
        splitProbe((await target.exec(runtime, script, { label: runtime })).stdout, runtime);
      const runc = await seen("runc");
      const crun = await seen("crun");
      expect(crun.toolOutput).toBe("65534\n");
      expect(crun.facts.kernel).toBe(runc.facts.kernel);
      expect(crun.facts.pidNamespace).not.toBe((await target.runnerView()).pidNamespace);
      for (const name of names) {
        const inside = await seen(name);
        expect(inside.toolOutput, name).toBe("65534\n");
        expect(inside.facts.kernelLog, name).toContain("Starting gVisor");
        expect(inside.facts.kernel, name).not.toBe(runc.facts.kernel);
      }
      const [facts] = await target.hostFacts([]);
      expect(facts!.runtimeVersions.crun).toMatch(/^\d+\.\d+/);
      expect(facts!.runtimeSettings?.["gvisor-ptrace"]?.platform).toBe("ptrace");
      expect(facts!.runtimeSettings?.["gvisor-gofer"]?.directfs).toBe("false");
    } finally {
      await target.cleanup();
    }
    expect(await sandboxesOf("gv-variants")).toBe(0);
    expect(await workdirs()).toEqual([]);
    const crunLeft = await execa("crun", ["list", "--quiet"], { reject: false });
    expect(String(crunLeft.stdout)).not.toContain("parity-gv-variants-");
  });
});

describe("LocalTarget with gVisor", () => {
  it(
    "runs the bundle in gVisor's kernel as the unprivileged user, records its settings, and leaves nothing " + "behind",
    async () => {
      const target = new LocalTarget({ label: "gv-run", cpuset: "0" });
      await target.prepare([], ["runc", "gvisor"]);
      try {
        const script = wrapWithProbe(["sh", "-c", "id -u"]);
        const runc = splitProbe((await target.exec("runc", script, { label: "runc" })).stdout, "runc");
        const gvisor = splitProbe((await target.exec("gvisor", script, { label: "gvisor" })).stdout, "gvisor");
        expect(gvisor.toolOutput).toBe("65534\n");
        expect(gvisor.facts.kernel).not.toBe(runc.facts.kernel);
        expect(gvisor.facts.kernelLog).toContain("Starting gVisor");
        expect(gvisor.facts.procVersion).toMatch(/^Linux version /);
        expect(gvisor.facts.vcpus).toBe(1);
        const [facts] = await target.hostFacts([]);
        expect(facts!.runtimeVersions.runsc).toMatch(/\d{8}/);
        // gVisor as production runs it: the pinned runsc's defaults, stated.
        expect(facts!.runtimeSettings?.gvisor).toEqual({
          platform: "systrap",
          directfs: "true",
          "file-access": "exclusive",
          overlay2: "root:self",
          network: "sandbox",
        });
      } finally {
        await target.cleanup();
      }
      expect(await sandboxesOf("gv-run")).toBe(0);
      expect(await workdirs()).toEqual([]);
    },
  );

  it("keeps runsc's own log of a failed run", async () => {
    const target = new LocalTarget({ label: "gv-fail" });
    await target.prepare([], ["gvisor"]);
    try {
      const result = await target.exec("gvisor", ["sh", "-c", "echo bad >&2; exit 7"], { label: "x" });
      expect(result.exitCode).toBe(7);
      expect(result.stderr).toBe("bad\n");
      expect(result.runtimeLog).toMatch(/### runsc\.log\..*boot/);
      expect(result.runtimeLog).toMatch(/Platform: /);
    } finally {
      await target.cleanup();
    }
  });

  it("refuses a platform that does not start a sandbox here, naming the option", async () => {
    const target = new LocalTarget({ label: "gv-platform", gvisorPlatform: "kvm" });
    const error = await target.prepare([], ["gvisor"]).catch((e: unknown) => e);
    await target.cleanup();
    // Where KVM works the platform is accepted; everywhere else the refusal says what to do.
    if (error !== undefined) expect(String((error as Error).message)).toMatch(/kvm.*--gvisor-platform/s);
    expect(await workdirs()).toEqual([]);
    // A check killed at its limit leaves no network namespace of runsc's mounted.
    expect(await readFile("/proc/self/mountinfo", "utf8")).not.toContain("parity-runsc-do-");
    // KVM may hang rather than fail (a PVM host): the check's own 15 s limit, its kill and the clean-up must fit.
  }, 60_000);

  it("reaps a sandbox whose runner died, with its work folder", async () => {
    const dead = 4194000;
    const dir = await mkdtemp(join(tmpdir(), `parity-local-${dead}-`));
    const bundle = join(dir, "bundle");
    for (const d of ROOTFS_DIRS) await mkdir(join(bundle, "rootfs", d), { recursive: true });
    for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(bundle, "rootfs", link));
    await writeFile(
      join(bundle, "config.json"),
      JSON.stringify(runcConfig({ rootfs: join(bundle, "rootfs"), args: ["sleep", "60"], cpus: "0", hostname: "x" })),
    );
    const id = `parity-orphan-${dead}-1`;
    await execa(
      await ensureRunsc(() => {}),
      [
        `--root=${join(dir, "runsc-state")}`,
        "--platform=ptrace",
        "--network=none",
        "run",
        "--detach",
        "--bundle",
        bundle,
        id,
      ],
      { stdio: "ignore" },
    );
    expect(await sandboxesOf("orphan")).toBeGreaterThan(0);
    // A cgroup such a runner's killed container left (cgroup v1, one per controller).
    const cgroup = `/sys/fs/cgroup/cpuacct/parity-orphan-${dead}-9`;
    await mkdir(cgroup);
    const target = new LocalTarget({ label: "gv-reaper" });
    await target.prepare([], ["gvisor"]);
    await target.cleanup();
    expect(await sandboxesOf("orphan")).toBe(0);
    expect((await readdir(tmpdir())).filter((n) => n.startsWith(`parity-local-${dead}-`))).toEqual([]);
    await expect(readdir(cgroup)).rejects.toThrow(/ENOENT/);
  });
});

describe("the sandbox proof", () => {
  it("rejects a gvisor run that really ran in runc", async () => {
    const root = await mkdtemp(join(tmpdir(), "parity-proof-"));
    const local = new LocalTarget({ label: "gv-proof" });
    // A misconfigured runtime: asked for gVisor, it starts the workload with runc.
    const impostor: Target = {
      kind: local.kind,
      description: local.description,
      followsReadiness: local.followsReadiness,
      runtimes: () => local.runtimes(),
      prepare: (tools, runtimes) => local.prepare(tools, runtimes),
      hostFacts: (tools) => local.hostFacts(tools),
      runnerView: () => local.runnerView(),
      exec: (runtime, argv, options) => local.exec(runtime === "gvisor" ? "runc" : runtime, argv, options),
      cleanup: () => local.cleanup(),
    };
    const progress = createProgress({ estimates: [1], mode: "plain", write: () => {} });
    const options = {
      id: "proof",
      guides: ["cpu"],
      runtimes: ["runc", "gvisor"],
      baseline: "runc",
      runs: 1,
      quick: true,
      allowOversubscribe: false,
      noiseFloor: false,
      warmup: 0,
      seed: 1,
      thresholdPercent: 5,
      force: false,
    };
    const error = await runCampaign(options, {
      target: impostor,
      store: new CampaignStore(root),
      progress,
      signal: new AbortController().signal,
      parity: { version: "test" },
      guides,
    }).catch((e: unknown) => e);
    expect(isParityError(error, "WRONG_PLACE")).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(
        `Runtime "gvisor" did not run where it claims: a sandboxed runtime should show a kernel of its` +
          ` own, but the workload saw its host's kernel`,
      ),
    );
    // Refused at the probe: nothing was written.
    await expect(readFile(join(root, "proof", "campaign.json"), "utf8")).rejects.toThrow();
    expect(await workdirs()).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });
});
