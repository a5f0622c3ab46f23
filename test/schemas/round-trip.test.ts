import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { GuideResultSchema } from "../../runners/schemas/guide-result.ts";
import { jsonSchemas } from "../../runners/schemas/json-schema.ts";
import { writeJsonAtomic } from "../../runners/store/atomic-write.ts";
import { readJsonFile } from "../../runners/store/campaign-store.ts";

const campaign = {
  schemaVersion: 1,
  id: "rt-1",
  quick: false,
  status: "complete",
  startedAt: "2026-11-27T18:00:00.000Z",
  finishedAt: "2026-11-27T18:05:00.000Z",
  parity: { version: "0.1.0", commit: "abc", dirty: false },
  target: { kind: "local", description: "this machine" },
  baseline: "host",
  runtimes: ["host", "runc"],
  runs: 5,
  noiseFloor: true,
  thresholdPercent: 5,
  hosts: [
    {
      role: "local",
      kernel: "6.1",
      os: "Debian",
      cpuModel: "cpu",
      vcpus: 2,
      memoryBytes: 1024,
      runtimeVersions: {},
      tools: {},
    },
  ],
  guides: ["cpu"],
  warnings: [],
};

describe("results schemas", () => {
  it("round-trip a campaign through an atomic write and a validated read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-rt-"));
    const path = join(dir, "campaign.json");
    await writeJsonAtomic(path, CampaignSchema.parse(campaign));
    expect(await readJsonFile(path, CampaignSchema)).toEqual(campaign);
    await rm(dir, { recursive: true });
  });

  it("reject a file with the field path and the next step", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-rt-"));
    const path = join(dir, "campaign.json");
    await writeJsonAtomic(path, { ...campaign, runs: 0, hosts: [{ ...campaign.hosts[0], vcpus: "two" }] });
    try {
      await readJsonFile(path, CampaignSchema, "data/campaigns/rt-1/campaign.json");
      expect.unreachable();
    } catch (error) {
      expect(isParityError(error, "INVALID_DATA")).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^data\/campaigns\/rt-1\/campaign\.json is not valid:/);
      expect(message).toMatch(/- runs: /);
      expect(message).toMatch(/- hosts\[0\]\.vcpus: /);
      expect(message).toMatch(/restore the file from git or re-run the campaign/);
    }
    await rm(dir, { recursive: true });
  });

  it("refuse an unknown schema version", () => {
    expect(CampaignSchema.safeParse({ ...campaign, schemaVersion: 2 }).success).toBe(false);
  });

  it("publish JSON Schemas whose required fields match the zod schemas", () => {
    const schemas = jsonSchemas() as Record<
      string,
      { required: string[]; properties: Record<string, { description?: string }> }
    >;
    expect(Object.keys(schemas)).toEqual([
      "campaign.schema.json",
      "guide-result.schema.json",
      "imported-measurement.schema.json",
      "runtime-profiles.schema.json",
      "release-config.schema.json",
    ]);
    expect(schemas["release-config.schema.json"]!.required).toEqual(
      expect.arrayContaining(["budgetMinutes", "maxRuns", "targets"]),
    );
    expect(schemas["campaign.schema.json"]!.required).toEqual(
      expect.arrayContaining(["schemaVersion", "id", "status", "hosts", "baseline"]),
    );
    expect(schemas["guide-result.schema.json"]!.required).toEqual(
      expect.arrayContaining(["fingerprint", "measurements", "threads"]),
    );
    // Every documented field carries its description into the JSON Schema.
    expect(schemas["campaign.schema.json"]!.properties.thresholdPercent!.description).toMatch(
      /percent of the baseline/,
    );
    expect(GuideResultSchema.shape.measurements).toBeDefined();
  });

  it("keep the committed JSON Schemas in data/schema up to date", async () => {
    for (const [file, schema] of Object.entries(jsonSchemas())) {
      const committed = await readFile(new URL(`../../data/schema/${file}`, import.meta.url), "utf8");
      expect(committed).toBe(`${JSON.stringify(schema, null, 2)}\n`);
    }
  });
});
