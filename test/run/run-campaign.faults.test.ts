import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { isParityError, ParseError } from "../../runners/core/errors.ts";
import { parseCpuOutput } from "../../runners/guides/cpu/parse-cpu.ts";
import { defineGuide, type GuideDefinition } from "../../runners/guides/define-guide.ts";
import { Registry } from "../../runners/guides/registry.ts";
import { createProgress } from "../../runners/run/progress.ts";
import { type CampaignOptions, runCampaign } from "../../runners/run/run-campaign.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { LocalTarget } from "../../runners/targets/local/local-target.ts";
import { until } from "../helpers/limits.ts";

// Guides that fail on purpose, run for real through the local target.
const SH = { binary: "sh", debianPackage: "dash", versionArgv: ["sh", "-c", "echo sh 1.0"] };
const failing = defineGuide({
  id: "failing",
  version: 1,
  title: "exits 3",
  summary: "",
  tools: [SH],
  parameters: z.object({}),
  quick: {},
  estimateSeconds: () => 0.1,
  steps: [
    {
      id: "fail",
      title: "",
      argv: () => ["sh", "-c", "echo partial output; echo 'disk on fire' >&2; exit 3"],
      parse: parseCpuOutput,
    },
  ],
  metrics: {},
});
const garbled = defineGuide({
  id: "garbled",
  version: 1,
  title: "prints no sysbench",
  summary: "",
  tools: [SH],
  parameters: z.object({}),
  quick: {},
  estimateSeconds: () => 0.1,
  steps: [
    {
      id: "garble",
      title: "",
      argv: () => ["echo", "sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)"],
      parse: parseCpuOutput,
    },
  ],
  metrics: {},
});
const slow = defineGuide({
  id: "slow",
  version: 1,
  title: "sleeps",
  summary: "",
  tools: [SH],
  parameters: z.object({}),
  quick: {},
  estimateSeconds: () => 30,
  steps: [{ id: "sleep", title: "", argv: () => ["sleep", "30"], parse: () => ({}) }],
  metrics: {},
});
const fine = defineGuide({
  id: "fine",
  version: 1,
  title: "succeeds",
  summary: "",
  tools: [SH],
  parameters: z.object({}),
  quick: {},
  estimateSeconds: () => 0.1,
  steps: [{ id: "ok", title: "", argv: () => ["true"], parse: () => ({}) }],
  metrics: {},
});
const registry = new Registry<GuideDefinition>("guide", [failing, garbled, slow, fine] as unknown as GuideDefinition[]);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "parity-faults-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(guide: string, id: string): CampaignOptions {
  return {
    id,
    guides: [guide],
    runtimes: ["host", "runc"],
    baseline: "host",
    runs: 2,
    quick: true,
    allowOversubscribe: false,
    noiseFloor: false,
    warmup: 0,
    seed: 1,
    thresholdPercent: 5,
    force: false,
  };
}

async function run(guide: string, id: string, signal = new AbortController().signal) {
  const store = new CampaignStore(root);
  const target = new LocalTarget({ label: `faults-${id}` });
  const progress = createProgress({ estimates: [1, 1, 1, 1], mode: "plain", write: () => {} });
  const error = await runCampaign(options(guide, id), {
    target,
    store,
    progress,
    signal,
    parity: { version: "test" },
    guides: registry,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const campaign = JSON.parse(await readFile(join(root, id, "campaign.json"), "utf8"));
  return { error: error as Error, campaign, store };
}

async function containersLeft(prefix: string): Promise<string[]> {
  const { stdout } = await execa("runc", ["list", "--quiet"]);
  return stdout.split("\n").filter((id) => id.startsWith(prefix));
}

/** gVisor sandbox and gofer processes of containers whose id starts with `prefix`. */
async function sandboxes(prefix: string): Promise<number> {
  const found = await execa("pgrep", ["-f", `runsc-(sandbox|gofer).*${prefix}`], { reject: false });
  return String(found.stdout).split("\n").filter(Boolean).length;
}

describe("runCampaign faults", () => {
  it("--force keeps the campaign it replaces until the new one completes", async () => {
    const store = new CampaignStore(root);
    const progress = createProgress({ estimates: [1], mode: "plain", write: () => {} });
    const go = (guide: string, force: boolean) =>
      runCampaign(
        { ...options(guide, "forced"), runtimes: ["host"], baseline: "host", force },
        {
          target: new LocalTarget({ label: "faults-forced" }),
          store,
          progress,
          signal: new AbortController().signal,
          parity: { version: "test" },
          guides: registry,
        },
      ).catch((e: unknown) => e);
    await go("fine", false);
    const first = await readFile(join(root, "forced", "campaign.json"), "utf8");
    expect(isParityError(await go("failing", true), "TOOL_FAILED")).toBe(true);
    // The failed replacement is partial; the old campaign waits aside, whole.
    expect(await readFile(join(root, ".forced.replaced", "campaign.json"), "utf8")).toBe(first);
    expect(JSON.parse(await readFile(join(root, "forced", "campaign.json"), "utf8")).status).toBe("partial");
    expect(await store.list()).toEqual(["forced"]);
    await go("fine", true);
    await expect(access(join(root, ".forced.replaced"))).rejects.toThrow();
    expect(JSON.parse(await readFile(join(root, "forced", "campaign.json"), "utf8")).status).toBe("complete");
  });

  it("a tool exiting non-zero: command, exit code, stderr tail, raw log kept; campaign partial", async () => {
    const { error, campaign } = await run("failing", "tool-fails");
    expect(isParityError(error, "TOOL_FAILED")).toBe(true);
    expect(error.message).toMatch(
      /failing on host, run 1: `sh -c echo partial output; echo 'disk on fire' >&2; exit 3` exited with code 3\./,
    );
    expect(error.message).toMatch(
      /exited with code 3\.\ndisk on fire\nNext step: read the raw log, kept at .*raw\/failing\/host-1\.log/,
    );
    const log = await readFile(join(root, "tool-fails", "raw", "failing", "host-1.log"), "utf8");
    expect(log).toContain("partial output");
    expect(log).toContain("exit code: 3");
    expect(campaign.status).toBe("partial");
    expect(campaign.interruption).toMatch(/exited with code 3/);
  });

  it("an output the parser cannot read: run, what was missing, raw log path", async () => {
    const { error, campaign } = await run("garbled", "parse-fails");
    expect(error).toBeInstanceOf(ParseError);
    expect(error.message).toMatch(
      new RegExp(
        `garbled on host, run 1: sysbench output has no "Number of threads:" line.*the raw log is kept at` +
          String.raw` .*raw\/garbled\/host-1\.log`,
        "s",
      ),
    );
    await expect(access(join(root, "parse-fails", "raw", "garbled", "host-1.log"))).resolves.toBeUndefined();
    expect(campaign.status).toBe("partial");
  });

  it("an interruption kills the workload, removes the container and keeps the campaign as partial", async () => {
    for (const [runtime, id] of [
      ["host", "int-host"],
      ["runc", "int-runc"],
      ["gvisor", "int-gvisor"],
    ] as const) {
      const controller = new AbortController();
      const store = new CampaignStore(root);
      const target = new LocalTarget({ label: `faults-${id}` });
      const progress = createProgress({ estimates: [30, 30], mode: "plain", write: () => {} });
      const opts = { ...options("slow", id), runtimes: [runtime], baseline: runtime };
      const pending = runCampaign(opts, {
        target,
        store,
        progress,
        signal: controller.signal,
        parity: { version: "test" },
        guides: registry,
      }).catch((e: unknown) => e);
      // Wait until the workload really sleeps (inside its container for runc; gVisor's sandbox runs it
      // in its own kernel, invisible to the host's process list), then press Ctrl-C. The campaign
      // file comes after the probes, so a sandbox seen once it exists is the run's.
      if (runtime === "gvisor") {
        await until(
          async () => (await store.exists(id)) && (await sandboxes(`parity-faults-${id}`)) > 0,
          "gVisor's sandbox of the run",
        );
        await new Promise((r) => setTimeout(r, 1500));
      } else
        await until(
          async () => (await execa("pgrep", ["-f", "^sleep 30$"], { reject: false })).exitCode === 0,
          "the workload's sleep",
        );
      if (runtime === "runc") expect(await containersLeft(`parity-faults-${id}`)).toHaveLength(1);
      controller.abort();
      const error = await pending;
      expect(isParityError(error, "INTERRUPTED")).toBe(true);
      const campaign = JSON.parse(await readFile(join(root, id, "campaign.json"), "utf8"));
      expect(campaign.status).toBe("partial");
      expect(campaign.interruption).toMatch(/interrupted/);
      expect(await containersLeft(`parity-faults-${id}`)).toEqual([]);
      expect(await sandboxes(`parity-faults-${id}`)).toBe(0);
      expect((await execa("pgrep", ["-f", "^sleep 30$"], { reject: false })).exitCode).toBe(1);
    }
  });

  it("an interrupt at any point leaves nothing and says so, or a partial campaign --resume completes", async () => {
    const store = new CampaignStore(root);
    /** Runs `fine` on host then runc, pressing Ctrl-C when the progress first prints a line matching `when`. */
    const interruptWhen = async (id: string, when: RegExp | "before-start", resume = false) => {
      const controller = new AbortController();
      if (when === "before-start") controller.abort();
      const write = (text: string) => {
        if (when !== "before-start" && when.test(text)) controller.abort();
      };
      return runCampaign(
        { ...options("fine", id), baseline: "host", resume },
        {
          target: new LocalTarget({ label: `faults-${id}` }),
          store,
          progress: createProgress({ estimates: [1, 1, 1, 1], mode: "plain", write }),
          signal: controller.signal,
          parity: { version: "test" },
          guides: registry,
        },
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    };
    const nothingKept = /was interrupted before its first file was written: nothing was kept\. Next step: start it/;
    // Before anything ran, and while the second runtime's probe runs: nothing on disk.
    for (const [id, when] of [
      ["early", "before-start"],
      ["probing", /^host: the workload sees/],
    ] as const) {
      const error = await interruptWhen(id, when);
      expect(isParityError(error, "INTERRUPTED"), String(error)).toBe(true);
      expect(error!.message).toMatch(nothingKept);
      await expect(access(join(root, id))).rejects.toThrow();
      expect(await containersLeft(`parity-faults-${id}`)).toEqual([]);
    }
    // Once the first run started: a partial campaign, which --resume completes.
    const error = await interruptWhen("midway", /^\[1\/4\]/);
    expect(error!.message).toMatch(
      /Campaign "midway" was interrupted; it is kept as partial, with every run that finished\. Next step: complete/,
    );
    expect((await store.readCampaign("midway")).status).toBe("partial");
    expect(await interruptWhen("midway", /never/, true)).toBeUndefined();
    expect((await store.readCampaign("midway")).status).toBe("complete");
  });
});
