import { describe, expect, it } from "vitest";
import { environmentOf } from "../../../runners/targets/local/run-environment.ts";

describe("the machine around a run", () => {
  it("states others' CPU time as a share of the run's CPUs, never above 100%", () => {
    // A child reaped during the run adds its whole CPU time at once: here five times the run's window.
    const before = { total: 1000, steal: 0, others: new Map([[42, 100]]) };
    const after = { total: 2000, steal: 10, others: new Map([[42, 5100]]) };
    const env = environmentOf(before, after, { loadAvg1: 3.5 });
    expect(env.otherCpuPercent).toBe(100);
    expect(env.stealPercent).toBe(1);
    const quiet = environmentOf(before, { ...after, others: new Map([[42, 150]]) }, { loadAvg1: 0.1 });
    expect(quiet.otherCpuPercent).toBe(5);
    // A competing process that started during the run: all of its CPU time was spent in it.
    const started = environmentOf(
      before,
      {
        ...after,
        others: new Map([
          [42, 100],
          [77, 400],
        ]),
      },
      { loadAvg1: 1 },
    );
    expect(started.otherCpuPercent).toBe(40);
  });
});
