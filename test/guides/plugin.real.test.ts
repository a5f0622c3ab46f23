import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ParseError } from "../../runners/core/errors.ts";
import { defineGuide, type GuideDefinition } from "../../runners/guides/define-guide.ts";
import { guides } from "../../runners/guides/index.ts";
import { Registry } from "../../runners/guides/registry.ts";
import { workloadPackages } from "../../runners/guides/workload-packages.ts";
import { createProgress } from "../../runners/run/progress.ts";
import { runCampaign } from "../../runners/run/run-campaign.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { LocalTarget } from "../../runners/targets/local/local-target.ts";

// A throwaway guide, defined and registered here only: what ARCHITECTURE.md's "Adding a guide" promises,
// that the plan, the runner, the targets, the store, the statistics and the image's packages take a
// new guide from the registry with no edit anywhere else.
const echo = defineGuide({
  id: "echo",
  version: 1,
  title: "Echo a number",
  summary: "Prints a number that varies from run to run: a guide that exists only in this test.",
  tools: [{ binary: "sh", debianPackage: "dash", versionArgv: ["sh", "-c", "echo dash 0.5"] }],
  parameters: z.object({ prefix: z.number().int().default(1).describe("The number's first digit, e.g. `1`.") }),
  quick: {},
  estimateSeconds: () => 0.1,
  steps: [
    {
      id: "echo",
      title: "Print the number",
      // The clock's nanoseconds after a fixed first digit: positive, and different in every run.
      argv: (p) => ["sh", "-c", 'echo "value: $1$(date +%N)"', "echo", String(p.prefix)],
      parse: (output) => {
        const m = /^value: (\d+)$/m.exec(output);
        if (!m) throw new ParseError('echo output has no "value:" line');
        return { value: Number(m[1]) };
      },
    },
  ],
  metrics: {
    value: {
      label: "Value",
      unit: "units",
      direction: "higher",
      compare: true,
      primary: true,
      description: "The number printed.",
    },
  },
});
const registry = new Registry<GuideDefinition>("guide", [...guides.all(), echo]);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "parity-plugin-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a guide is a plugin", () => {
  it("runs on the host and in runc, with raw logs, proof and statistics, once registered", async () => {
    const store = new CampaignStore(root);
    const campaign = await runCampaign(
      {
        id: "plugin",
        guides: ["echo"],
        runtimes: ["host", "runc"],
        baseline: "runc",
        runs: 2,
        quick: true,
        allowOversubscribe: false,
        noiseFloor: false,
        warmup: 0,
        seed: 1,
        thresholdPercent: 5,
        force: false,
      },
      {
        target: new LocalTarget({ label: "plugin" }),
        store,
        progress: createProgress({ estimates: [1, 1, 1, 1], mode: "plain", write: () => {} }),
        signal: new AbortController().signal,
        parity: { version: "test" },
        guides: registry,
      },
    );
    expect(campaign.status).toBe("complete");
    const result = await store.readGuide("plugin", "echo");
    // A run on a busy or slowed machine is made again; the first attempt is kept, left out of the statistics.
    const main = result.measurements.filter((m) => m.arm === "main" && !m.excluded);
    expect(main.map((m) => m.runtime).sort()).toEqual(["host", "host", "runc", "runc"]);
    for (const m of main) expect(String(m.metrics.value)).toMatch(/^1\d{9}$/);
    // Each run's raw log holds the tool's own output and the probe's proof of where it ran.
    const log = await readFile(join(root, "plugin", main.find((m) => m.runtime === "runc")!.steps[0]!.rawLog), "utf8");
    expect(log).toMatch(/^value: 1\d{9}$/m);
    expect(log).toContain("=== parity probe v1 ===");
    const [summary] = summarizeGuide(echo.metrics, result, {
      baseline: "runc",
      runtimes: campaign.runtimes,
      thresholdPercent: 5,
    });
    expect(summary!.primary).toBe(true);
    // runc is the baseline, the host its reference: a comparison with its interval, as for every guide.
    const host = summary!.runtimes.find((r) => r.runtime === "host")!.comparison!;
    expect(Number.isFinite(host.deltaPercent)).toBe(true);
    expect(host.tostIntervalPercent.low).toBeLessThanOrEqual(host.deltaPercent);
  });

  it("brings its tool into the workload image", () => {
    expect(workloadPackages(registry.all())).toContain("dash");
    expect(workloadPackages(guides.all())).not.toContain("dash");
  });
});
