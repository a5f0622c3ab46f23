import { describe, expect, it } from "vitest";
import { balancedSchedule, campaignArms, rawLogName } from "../../runners/plan/schedule.ts";

describe("balancedSchedule", () => {
  it("alternates the order of runtimes every round (A B B A …)", () => {
    const plan = balancedSchedule(campaignArms(["host", "runc"], "host", false), 4);
    expect(plan.map((p) => `${p.runtime}${p.run}`)).toEqual(["host1", "runc1", "runc2", "host2", "host3", "runc3", "runc4", "host4"]);
  });

  it("adds the baseline's A/A series as its own arm", () => {
    const plan = balancedSchedule(campaignArms(["host", "runc"], "host", true), 2);
    expect(plan.map((p) => `${p.runtime}${p.arm === "aa" ? "~aa" : ""}`)).toEqual(["host", "runc", "host~aa", "host~aa", "runc", "host"]);
    expect(plan.filter((p) => p.arm === "aa")).toHaveLength(2);
  });

  it("gives every arm the same mean position, so drift hits all alike", () => {
    const plan = balancedSchedule(campaignArms(["host", "runc", "kata"], "host", true), 6);
    const meanPosition = (key: string) => {
      const positions = plan.flatMap((p, i) => (`${p.runtime}/${p.arm}` === key ? [i] : []));
      return positions.reduce((a, b) => a + b, 0) / positions.length;
    };
    const means = ["host/main", "runc/main", "kata/main", "host/aa"].map(meanPosition);
    for (const m of means) expect(m).toBeCloseTo(means[0]!, 10);
  });

  it("names raw logs by runtime, arm and run", () => {
    expect(rawLogName({ runtime: "runc", arm: "main", run: 3 })).toBe("runc-3.log");
    expect(rawLogName({ runtime: "host", arm: "aa", run: 2 })).toBe("host-aa-2.log");
  });
});
