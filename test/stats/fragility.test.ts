import { describe, expect, it } from "vitest";
import { compare } from "../../runners/stats/compare.ts";
import { swingingRun } from "../../runners/stats/fragility.ts";
import { gateByNoiseFloor } from "../../runners/stats/verdict-rules.ts";
import { fixture } from "../helpers/fixtures.ts";

// The published case: local CPU, runc against host, where one slow host run held the verdict open.
const cpu = JSON.parse(fixture("stats/fragile-cpu-host-runc.json")) as {
  host: number[];
  runc: number[];
  runcAA: number[];
  thresholdPercent: number;
};
const options = { direction: "higher" as const, thresholdPercent: cpu.thresholdPercent };

describe("a verdict that one run can swing", () => {
  it("names the run: runc against host reads equivalent without host's slow run", () => {
    const c = gateByNoiseFloor(compare(cpu.host, cpu.runc, options), compare(cpu.runc, cpu.runcAA, options), 5);
    expect(c.verdict).toBe("inconclusive");
    const swing = swingingRun(
      {
        from: { runtime: "host", values: cpu.host },
        to: { runtime: "runc", values: cpu.runc },
        aa: { values: cpu.runcAA, of: "to" },
      },
      c.verdict,
      options,
    );
    expect(swing).toMatchObject({ runtime: "host", value: Math.min(...cpu.host), verdict: "equivalent" });
    expect(swing!.interval.low).toBeGreaterThan(-5);
    expect(swing!.interval.high).toBeLessThan(5);
  });

  it("says nothing when no single run moves the verdict", () => {
    const base = [100, 101, 99, 100.5, 99.5, 100.2];
    const slower = base.map((v) => v * 2);
    const c = compare(base, slower, { direction: "lower", thresholdPercent: 5 });
    expect(c.verdict).toBe("worse");
    const sides = { from: { runtime: "runc", values: base }, to: { runtime: "gvisor", values: slower } };
    expect(swingingRun(sides, c.verdict, { direction: "lower", thresholdPercent: 5 })).toBeUndefined();
  });

  it("never marks a descriptive comparison", () => {
    const sides = { from: { runtime: "runc", values: [1, 2, 3] }, to: { runtime: "gvisor", values: [1, 2, 30] } };
    expect(swingingRun(sides, "descriptive", options)).toBeUndefined();
  });
});
