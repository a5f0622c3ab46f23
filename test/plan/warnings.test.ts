import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { campaignWarnings, guideWarnings, schedulerOf } from "../../runners/plan/warnings.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";

const facts = (kernel: string, vcpus = 4) => ({
  vcpus,
  kernel,
  arch: "x86_64",
  memTotalKib: 1,
  pidNamespace: "p",
  mountNamespace: "m",
  cgroup: "0::/",
  cpuHypervisorFlag: true,
});
function result(
  values: Record<string, number[]>,
  kernels: Record<string, string>,
  oversubscribed = false,
): GuideResult {
  return {
    schemaVersion: 1,
    guide: "cpu",
    guideVersion: 1,
    fingerprint: `sha256:${"0".repeat(64)}`,
    parameters: {},
    threads: {
      perRuntime: { runc: 4, edera: 4 },
      vcpusSeen: { runc: 4, edera: 4 },
      oversubscribed,
      allowOversubscribe: oversubscribed,
    },
    measurements: Object.entries(values).flatMap(([runtime, vs]) =>
      vs.map((v, i) => ({
        runtime,
        arm: "main" as const,
        run: i + 1,
        startedAt: "2026-01-01T00:00:00Z",
        finishedAt: "2026-01-01T00:00:00Z",
        metrics: { eventsPerSecond: v },
        workload: facts(kernels[runtime]!),
        steps: [{ id: "s", argv: ["x"], exitCode: 0, durationMs: 1, rawLog: "r" }],
      })),
    ),
    warnings: [],
  };
}

describe("methodology warnings", () => {
  it("name the kernels and their schedulers when runtimes ran on different kernels (the write-up's confounder)", () => {
    const w = guideWarnings(
      guides.get("cpu"),
      result({ runc: [100, 100.2, 99.9], edera: [103, 103.1, 102.9] }, { runc: "6.12.40-eks", edera: "6.18.2-edera" }),
      ["runc", "edera"],
    );
    expect(w.map((x) => x.code)).toEqual(["kernel-differs"]);
    expect(w[0]!.message).toBe(
      "Runtimes ran on different kernels (runc: 6.12.40-eks, EEVDF scheduler; edera: 6.18.2-edera, EEVDF scheduler); " +
        "part of any difference may come from the kernel and its scheduler, not the runtime.",
    );
    expect(schedulerOf("6.1.0-27-amd64")).toBe("CFS");
    expect(schedulerOf("6.6.0")).toBe("EEVDF");
  });

  it("flag noisy arms above the documented bound, and oversubscription", () => {
    const w = guideWarnings(
      guides.get("cpu"),
      result({ runc: [100, 110, 90], edera: [100, 100.1, 99.9] }, { runc: "6.1", edera: "6.1" }, true),
      ["runc", "edera"],
    );
    expect(w.map((x) => `${x.code}:${x.runtime ?? ""}`)).toEqual(["high-variation:runc", "oversubscribed:"]);
  });

  it("flag few runs and quick campaigns", () => {
    expect(campaignWarnings({ runs: 2, quick: true }).map((w) => w.code)).toEqual(["few-runs", "quick"]);
    expect(campaignWarnings({ runs: 5, quick: false })).toEqual([]);
  });
});
