import { describe, expect, it } from "vitest";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";
import { compare } from "../../runners/stats/compare.ts";
import type { MetricSet } from "../../runners/stats/metric.ts";
import { settingCosts, variedRuntime } from "../../runners/stats/setting-costs.ts";

const metrics: MetricSet = {
  opsPerSecond: { label: "Ops", unit: "ops/s", direction: "higher", compare: true, primary: true, description: "" },
  note: { label: "Note", unit: "", compare: false, description: "" },
};
const values = { runc: [100, 101, 99], gvisor: [90, 91, 89], "gvisor-ptrace": [45, 46, 44], "kata-fc": [80, 81, 79] };
const result = {
  measurements: Object.entries(values).flatMap(([runtime, vs]) =>
    vs.map((v, i) => ({ runtime, arm: "main", run: i + 1, metrics: { opsPerSecond: v } })),
  ),
} as unknown as GuideResult;

describe("what each setting of a runtime costs", () => {
  it("pairs a runtime that changes a setting with the runtime it changes, by name, when the campaign ran both", () => {
    expect(variedRuntime("gvisor-ptrace", ["runc", "gvisor", "gvisor-ptrace"])).toBe("gvisor");
    expect(variedRuntime("kata-fc", ["runc", "kata-fc"])).toBeUndefined();
    expect(variedRuntime("runc", ["runc"])).toBeUndefined();
  });

  it("compares each setting's runtime with the runtime it changes on the primary metric, as any comparison", () => {
    const costs = settingCosts(metrics, result, Object.keys(values), 5);
    expect(costs.map((c) => [c.runtime, c.base, c.metric])).toEqual([["gvisor-ptrace", "gvisor", "opsPerSecond"]]);
    expect(costs[0]!.comparison).toEqual(
      compare(values.gvisor, values["gvisor-ptrace"], { direction: "higher", thresholdPercent: 5 }),
    );
    expect(costs[0]!.comparison.verdict).toBe("worse");
  });

  it("uses the first primary metric with data, as the verdicts do (startup: local first, then Kubernetes)", () => {
    const preferring: MetricSet = {
      firstInstructionMs: {
        label: "Local",
        unit: "ms",
        direction: "lower",
        compare: true,
        primary: true,
        description: "",
      },
      ...metrics,
    };
    const costs = settingCosts(preferring, result, Object.keys(values), 5);
    expect(costs.map((c) => c.metric)).toEqual(["opsPerSecond"]);
  });
});
