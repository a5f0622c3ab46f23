import { describe, expect, it } from "vitest";
import { withDerivedMetrics } from "../../runners/guides/derived-metrics.ts";
import { guides } from "../../runners/guides/index.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";

// A cluster startup run as the published 2026-11-30-cluster campaign stored it, before runningMs existed.
const recorded = { readyMs: 941.2, schedulingMs: 11.4, sandboxInitMs: 402.6, containersReadyMs: 527.2 };
const result = (metrics: Record<string, number>) => ({ measurements: [{ metrics }] }) as unknown as GuideResult;

describe("metrics derived for runs recorded before they existed", () => {
  it("gives an older cluster startup run its creation → running, exactly from the phases it stored", () => {
    const [m] = withDerivedMetrics(guides.get("startup"), result(recorded)).measurements;
    expect(m!.metrics.runningMs).toBeCloseTo(414, 9);
    expect(m!.metrics.readyMs).toBe(941.2);
  });

  it("never replaces what a run stored, and adds nothing a run cannot give", () => {
    const stored = withDerivedMetrics(guides.get("startup"), result({ ...recorded, runningMs: 420 }));
    expect(stored.measurements[0]!.metrics.runningMs).toBe(420);
    const local = withDerivedMetrics(guides.get("startup"), result({ firstInstructionMs: 15.5, exitMs: 40 }));
    expect(local.measurements[0]!.metrics).toEqual({ firstInstructionMs: 15.5, exitMs: 40 });
  });
});
