import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import {
  diffWithPrevious,
  groupReleases,
  movedVerdicts,
  type ReleaseCampaign,
  releaseDiff,
} from "../../runners/release/release-diff.ts";
import { formatReleaseDiff } from "../../runners/report/format-release-diff.ts";
import type { Campaign } from "../../runners/schemas/campaign.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";
import { compare } from "../../runners/stats/compare.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";

// Two releases of one cpu guide built from known values: gVisor slower than runc in the first,
// on a par in the second (a new gVisor), runc unchanged.
const cpu = guides.get("cpu");
const values = {
  v1: { runc: [1000, 1010, 990, 1005, 995], gvisor: [800, 810, 790, 805, 795] },
  v2: { runc: [1002, 1008, 992, 1003, 997], gvisor: [1001, 1009, 991, 1004, 996] },
};

function release(
  label: "v1" | "v2",
  overrides: { method?: number; fingerprint?: string; gvisorVersion?: string; startedAt?: string } = {},
): ReleaseCampaign {
  const campaign = {
    id: `${label}-local`,
    release: label,
    method: overrides.method ?? 3,
    quick: false,
    status: "complete",
    startedAt: overrides.startedAt ?? (label === "v1" ? "2026-12-01T10:00:00Z" : "2026-12-02T10:00:00Z"),
    target: { kind: "local", description: "this machine" },
    baseline: "runc",
    runtimes: ["runc", "gvisor"],
    thresholdPercent: 5,
    hosts: [
      {
        role: "local",
        kernel: "6.1.0",
        os: "Debian",
        cpuModel: "EPYC",
        vcpus: 2,
        memoryBytes: 1,
        runtimeVersions: { runc: "1.1.5", gvisor: overrides.gvisorVersion ?? "release-20221219.0" },
        tools: { sysbench: "1.0.20" },
      },
    ],
  } as unknown as Campaign;
  const result = {
    guide: "cpu",
    fingerprint: overrides.fingerprint ?? "sha256:a",
    parameters: {},
    measurements: Object.entries(values[label]).flatMap(([runtime, vs]) =>
      vs.map((v, i) => ({ runtime, arm: "main", run: i + 1, metrics: { eventsPerSecond: v } })),
    ),
    warnings: [],
  } as unknown as GuideResult;
  const summaries = summarizeGuide(cpu.metrics, result, {
    baseline: "runc",
    runtimes: ["runc", "gvisor"],
    thresholdPercent: 5,
  });
  return { campaign, guides: [{ guide: cpu, result, summaries }] };
}

describe("what changed between two releases", () => {
  it("compares each runtime's primary metric with itself in the earlier release, as any comparison", () => {
    const diff = releaseDiff({ before: "v1", after: "v2" }, [release("v1")], [release("v2")]);
    const gvisor = diff.cells.find((c) => c.runtime === "gvisor")!;
    expect(gvisor).toMatchObject({ target: "local", guide: "cpu", metric: "eventsPerSecond" });
    expect(gvisor.change).toEqual(
      compare(values.v1.gvisor, values.v2.gvisor, { direction: "higher", thresholdPercent: 5 }),
    );
    expect(gvisor.change!.verdict).toBe("better");
    expect(diff.cells.find((c) => c.runtime === "runc")!.change!.verdict).toBe("equivalent");
  });

  it("lists the verdicts that moved against the baseline, with their sizes", () => {
    const diff = releaseDiff({ before: "v1", after: "v2" }, [release("v1")], [release("v2")]);
    const moved = movedVerdicts(diff);
    expect(moved.map((c) => [c.runtime, c.before!.verdict, c.after!.verdict])).toEqual([
      ["gvisor", "worse", "equivalent"],
    ]);
    const text = formatReleaseDiff(diff);
    expect(text).toMatch(/Release v2 against v1/);
    expect(text).toMatch(/local · CPU[^\n]*gvisor\s+worse −20\.\d\d%\s+equivalent [+−]0\.\d\d%/);
  });

  it("names each version that changed, and says why cells are not comparable across methods or commands", () => {
    const newer = release("v2", { gvisorVersion: "20260905", method: 2 });
    const diff = releaseDiff({ before: "v1", after: "v2" }, [release("v1")], [newer]);
    expect(diff.versions).toEqual([
      { target: "local", what: "measurement method", before: "3", after: "2" },
      { target: "local", what: "runtime gvisor", before: "release-20221219.0", after: "20260905" },
    ]);
    expect(diff.cells.every((c) => c.change === undefined)).toBe(true);
    expect(diff.cells[0]!.notComparable).toMatch(/method 3, then 2/);
    const changed = releaseDiff({ before: "v1", after: "v2" }, [release("v1")], [release("v2", { fingerprint: "b" })]);
    expect(changed.cells[0]!.notComparable).toMatch(/commands changed/);
    // The verdicts each release published still show, and still move.
    expect(movedVerdicts(diff)).toHaveLength(1);
  });

  it("orders releases by their first campaign and compares each with the one before", () => {
    const releases = groupReleases([release("v2"), release("v1")]);
    expect(releases.map((r) => r.label)).toEqual(["v1", "v2"]);
    expect(diffWithPrevious(releases, "v1")).toBeUndefined();
    expect(diffWithPrevious(releases, "v2")!.before).toBe("v1");
  });
});
