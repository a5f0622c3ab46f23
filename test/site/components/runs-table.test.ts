import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { describe, expect, it } from "vitest";
import type { GuideResult } from "../../../runners/schemas/guide-result.ts";
import type { Measurement } from "../../../runners/schemas/measurement.ts";
import type { MetricSummary } from "../../../runners/stats/summarize.ts";
import RunsTable from "../../../src/components/RunsTable.astro";

// Five runs whose calibrations take 300 ms in all, 100 ms of it the memory write; run 5's write
// takes 140 ms (40% slower) while its whole calibration stays within 25% of the median.
const run = (n: number, calibrationMs: number, calibrationMemoryMs: number) =>
  ({
    runtime: "runc",
    arm: "main",
    run: n,
    startedAt: `2026-12-05T10:00:0${n}.000Z`,
    metrics: { oneThreadMibPerSecond: 25_000 },
    workload: { vcpus: 2 },
    steps: [{ rawLog: `raw/memory/runc-${n}.log` }],
    environment: { loadAvg1: 0, otherCpuPercent: 0.2, stealPercent: 0, calibrationMs, calibrationMemoryMs },
  }) as unknown as Measurement;

const result = {
  guide: "memory",
  measurements: [run(1, 300, 100), run(2, 302, 101), run(3, 298, 99), run(4, 301, 100), run(5, 340, 140)],
} as unknown as GuideResult;
const summaries = [
  { metric: "oneThreadMibPerSecond", label: "Bandwidth, one thread", unit: "MiB/s" },
] as unknown as MetricSummary[];

describe("RunsTable", () => {
  it("shows each run's calibration with its memory write alone, and marks a run slowed by the write", async () => {
    const container = await AstroContainer.create();
    const html = await container.renderToString(RunsTable, { props: { result, summaries, campaignId: "c1" } });
    const cells = [...html.matchAll(/data-field="calibration"([^>]*)>([^<]*)</g)].map((c) => ({
      slowed: c[1]!.includes('data-slowed="true"'),
      text: c[2]!.trim(),
    }));
    expect(cells).toEqual([
      { slowed: false, text: "300 ms (write 100 ms)" },
      { slowed: false, text: "302 ms (write 101 ms)" },
      { slowed: false, text: "298 ms (write 99 ms)" },
      { slowed: false, text: "301 ms (write 100 ms)" },
      { slowed: true, text: "340 ms (write 140 ms) slowed" },
    ]);
    expect(html).toContain('href="/data/campaigns/c1/raw/memory/runc-5.log"');
  });
});
