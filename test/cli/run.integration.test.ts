import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wasRerun } from "../../runners/core/machine-state.ts";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { GuideResultSchema } from "../../runners/schemas/guide-result.ts";
import { alive } from "../../runners/targets/local/oci-runtime.ts";
import { parity } from "../helpers/cli.ts";

// A real --quick campaign of every guide through the three local runtimes (a bare process, a
// runc container, a gVisor sandbox), with the A/A arm switched on so that every arm is exercised.
let data: string;
let campaignDir: string;
let runResult: Awaited<ReturnType<typeof parity>>;

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "parity-it-"));
  runResult = await parity([
    "run",
    "--quick",
    "--noise-floor",
    "--runs",
    "2",
    "--campaign",
    "it-quick",
    "--release",
    "test",
    "--data",
    data,
  ]);
  campaignDir = join(data, "campaigns", "it-quick");
});

afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

describe("parity run --quick (real sysbench, real runc, real runsc)", () => {
  it("completes and writes a valid campaign", async () => {
    const campaign = CampaignSchema.parse(JSON.parse(await readFile(join(campaignDir, "campaign.json"), "utf8")));
    // On failure, the reason it stopped and the runner's last words come first in the report.
    expect({ code: runResult.code, interruption: campaign.interruption }, runResult.stderr.slice(-3000)).toEqual({
      code: 0,
      interruption: undefined,
    });
    expect(runResult.stderr).toContain("Campaign it-quick complete");
    expect(campaign).toMatchObject({
      status: "complete",
      quick: true,
      release: "test",
      baseline: "runc",
      runtimes: ["host", "runc", "gvisor"],
      runs: 2,
      noiseFloor: true,
    });
    expect(campaign.hosts[0]!.tools.sysbench).toMatch(/^1\.0\./);
    expect(campaign.hosts[0]!.runtimeVersions.runc).toMatch(/^\d+\.\d+/);
    expect(campaign.hosts[0]!.runtimeVersions.runsc).toMatch(/\d{8}/);
    // gVisor as production runs it, every setting stated.
    expect(campaign.hosts[0]!.runtimeSettings?.gvisor).toEqual({
      platform: "systrap",
      directfs: "true",
      "file-access": "exclusive",
      overlay2: "root:self",
      network: "sandbox",
    });
    expect(campaign.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(["quick", "few-runs"]));
  });

  it("records every run with its facts, its steps and a raw log on disk", async () => {
    for (const guide of ["cpu", "memory"]) {
      const result = GuideResultSchema.parse(JSON.parse(await readFile(join(campaignDir, `${guide}.json`), "utf8")));
      // host, runc, gvisor, runc A/A × 2 runs (and any run made again on a busy machine).
      expect(result.measurements.filter((m) => !wasRerun(m))).toHaveLength(8);
      expect(result.parameters).toMatchObject({ timeSeconds: 1 });
      const nproc = Number((await execa("nproc")).stdout);
      expect(result.threads.perRuntime).toEqual({ host: nproc, runc: nproc, gvisor: nproc });
      for (const m of result.measurements) {
        expect(m.workload.vcpus).toBe(nproc);
        expect(m.metrics.threads).toBe(nproc);
        const log = await readFile(join(campaignDir, m.steps[0]!.rawLog), "utf8");
        expect(log).toContain("=== parity probe v1 ===");
        // One thread per vCPU; the memory guide measures one thread first.
        const threadsRan = [...log.matchAll(/^Number of threads: (\d+)$/gm)].map((t) => Number(t[1]));
        expect(threadsRan).toEqual(guide === "cpu" ? [nproc] : [1, nproc]);
        // sysbench right-aligns the number, so the spaces before it vary.
        if (guide === "cpu")
          expect(log).toMatch(
            new RegExp(`events per second:\\s+${(m.metrics.eventsPerSecond as number).toFixed(2)}\\n`),
          );
        else expect(log).toContain(`(${(m.metrics.mibPerSecond as number).toFixed(2)} MiB/sec)`);
      }
      const runc = result.measurements.filter((m) => m.runtime === "runc");
      const host = result.measurements.filter((m) => m.runtime === "host");
      // runc really ran in containers: own PID namespace, same kernel; gVisor in its own kernel.
      for (const m of runc) expect(m.workload.pidNamespace).not.toBe(host[0]!.workload.pidNamespace);
      expect(new Set([...host, ...runc].map((m) => m.workload.kernel)).size).toBe(1);
      for (const m of result.measurements.filter((x) => x.runtime === "gvisor")) {
        expect(m.workload.kernel).not.toBe(host[0]!.workload.kernel);
        expect(m.workload.kernelLog).toContain("Starting gVisor");
        expect(m.workload.pidNamespace).not.toBe(host[0]!.workload.pidNamespace);
      }
      // Two blocks in the recorded seed's random order: every arm, A/A included, once per block (a run
      // made again on a busy machine takes its first attempt's place).
      const order = result.measurements.filter((m) => !wasRerun(m)).map((m) => `${m.runtime}/${m.arm}`);
      for (const block of [order.slice(0, 4), order.slice(4)])
        expect(block.sort()).toEqual(["gvisor/main", "host/main", "runc/aa", "runc/main"]);
    }
    expect((await readdir(join(campaignDir, "raw", "probe"))).sort()).toEqual(["gvisor.log", "host.log", "runc.log"]);
  });

  it("records what gVisor cannot run as defined, with the tool's words and the reason, and runs the rest", async () => {
    const jitter = GuideResultSchema.parse(JSON.parse(await readFile(join(campaignDir, "jitter.json"), "utf8")));
    expect(jitter.notRunnable).toEqual([
      expect.objectContaining({
        runtime: "gvisor",
        needs: "realtime",
        message: expect.stringMatching(/Unable to change scheduling policy/),
        reason: expect.stringMatching(/real-time scheduling/),
      }),
    ]);
    expect(jitter.measurements.filter((m) => m.runtime === "gvisor")).toEqual([]);
    expect(await readFile(join(campaignDir, jitter.notRunnable![0]!.rawLog), "utf8")).toMatch(/exit code: [1-9]/);
    expect(await readFile(join(campaignDir, jitter.notRunnable![0]!.runtimeLog!), "utf8")).toMatch(/runsc/);
    const io = GuideResultSchema.parse(JSON.parse(await readFile(join(campaignDir, "io.json"), "utf8")));
    expect(io.notRunnable).toEqual([
      expect.objectContaining({ runtime: "gvisor", variant: "block", needs: "blockDevice" }),
    ]);
    expect(
      io.measurements.filter((m) => m.runtime === "gvisor" && m.variant === "filesystem" && !wasRerun(m)),
    ).toHaveLength(2);
    // gVisor accepts O_DIRECT but does not carry it to the disk: not direct I/O, and so no verdict against runc's.
    expect(io.measurements.filter((m) => m.runtime === "gvisor").every((m) => m.storage?.directIo === false)).toBe(
      true,
    );
    expect(io.warnings.map((w) => w.code)).toContain("direct-io-not-end-to-end");
    const shown = await parity(["show", "it-quick", "--data", data]);
    expect(shown.stdout).toMatch(
      /× gvisor cannot run jitter as defined: gVisor's kernel implements no real-time scheduling class/,
    );
    expect(shown.stdout).toMatch(
      /≠ gvisor \[filesystem\] is not compared in io: direct I\/O reached the storage on runc only/,
    );
  });

  it("leaves no runc container, gVisor sandbox or work folder behind", async () => {
    const { stdout } = await execa("runc", ["list", "--quiet"]);
    expect(stdout.split("\n").filter((id) => id.startsWith("parity-it-quick"))).toEqual([]);
    expect((await execa("pgrep", ["-f", "runsc-(sandbox|gofer).*parity-it-quick"], { reject: false })).exitCode).toBe(
      1,
    );
    // Work folders are `parity-local-<pid>-…`: the campaign's runner has exited, so any of its own
    // would belong to a dead process. A live process's folder is another runner's, not this one's.
    const left = (await readdir(tmpdir()))
      .filter((name) => name.startsWith("parity-local-"))
      .filter((name) => !alive(Number(name.split("-")[2])));
    expect(left).toEqual([]);
  });

  it("shows the summary with statistics derived from the measurements", async () => {
    // A change as tables print it: a signed percentage, or past twice the baseline its ratio.
    const CHANGE = String.raw`(?:[+−][\d.]+%|[\d.]+×)`;
    const shown = await parity(["show", "it-quick", "--verbose", "--data", data]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Campaign it-quick · release test · complete · QUICK/);
    expect(shown.stdout).toMatch(
      new RegExp(
        String.raw`Events per second \(events\/s, higher is better\)\s+host \(reference\)\s+2\s+[\d.]+ ` +
          String.raw`\[[\d.]+, [\d.]+\]\s+[\d.]+%\s+runc vs host ${CHANGE}`,
      ),
    );
    expect(shown.stdout).toMatch(
      new RegExp(
        String.raw`gvisor\s+2\s+[\d.]+ \[[\d.]+, [\d.]+\]\s+[\d.]+%\s+gvisor vs runc ${CHANGE} \[${CHANGE},` +
          String.raw` ${CHANGE}\]\s+(equivalent|better|worse|inconclusive)`,
      ),
    );
    expect(shown.stdout).toMatch(/runc A\/A \(noise floor\)\s+2/);
    // The compact view: one verdict row per guide and comparison, on the primary metric.
    const compact = (await parity(["show", "it-quick", "--data", data])).stdout;
    // Its measured range in words, then the interval that decided it with its level.
    expect(compact).toMatch(
      new RegExp(
        String.raw`^cpu\s+Events per second\s+gvisor vs runc\s+(between .+|.+ (higher|lower) than runc|.+× runc's)` +
          String.raw`\s+[\d.]+% \[${CHANGE}, ${CHANGE}\]\s+\S`,
        "m",
      ),
    );
    expect(compact).toMatch(/^jitter\s+p99 wake-up latency\s+gvisor\s+not runnable$/m);
    // Every metric's table stays in --verbose: the compact view holds less than half of its lines, whatever
    // the machine's notes and advice add to both.
    expect(compact).not.toMatch(/A\/A \(noise floor\)/);
    expect(compact.split("\n").length).toBeLessThan(shown.stdout.split("\n").length / 2);
    expect(shown.stdout).toMatch(
      /gvisor: platform systrap, directfs true, file-access exclusive, overlay2 root:self, network sandbox/,
    );
    const json = JSON.parse((await parity(["show", "it-quick", "--json", "--data", data])).stdout);
    const eps = json.guides.cpu.find((m: { metric: string }) => m.metric === "eventsPerSecond");
    const cpu = GuideResultSchema.parse(JSON.parse(await readFile(join(campaignDir, "cpu.json"), "utf8")));
    // A run made again on a busy machine is kept, left out (excluded) and replaced: the statistics skip it.
    const hostValues = cpu.measurements
      .filter((m) => m.runtime === "host" && m.arm === "main" && m.excluded === undefined)
      .map((m) => m.metrics.eventsPerSecond as number);
    expect(eps.runtimes[0].stats.mean).toBeCloseTo(hostValues.reduce((a, b) => a + b, 0) / hostValues.length, 6);
    expect(eps.runtimes.map((r: { role: string }) => r.role)).toEqual(["reference", "baseline", "candidate"]);
  });

  it("passes parity check, and import reads its raw logs back", async () => {
    await parity(["schema", "--write", "--data", data]);
    const checked = await parity(["check", "--data", data]);
    expect(checked.stdout).toContain("it-quick: ok");
    expect(checked.code).toBe(0);
    const cpu = GuideResultSchema.parse(JSON.parse(await readFile(join(campaignDir, "cpu.json"), "utf8")));
    const first = cpu.measurements[0]!;
    const imported = await parity(["import", "cpu", join(campaignDir, first.steps[0]!.rawLog)]);
    expect(imported.code).toBe(0);
    const parsed = JSON.parse(imported.stdout);
    expect(parsed.metrics).toEqual(first.metrics);
    expect(parsed.workload).toEqual(first.workload);
  });

  it("refuses to overwrite the campaign, and leaves it intact", async () => {
    const before = await readFile(join(campaignDir, "campaign.json"), "utf8");
    const again = await parity(["run", "--quick", "--runs", "1", "--campaign", "it-quick", "--data", data]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/Campaign "it-quick" already exists at .*--force/);
    expect(await readFile(join(campaignDir, "campaign.json"), "utf8")).toBe(before);
  });
});
