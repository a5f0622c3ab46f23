import { describe, expect, it } from "vitest";
import { environmentOf, sampleMachine } from "../../../runners/targets/local/run-environment.ts";

const sample = (total: number, steal: number, others: Array<[number, number]>, kernel: number[] = []) => ({
  total,
  steal,
  others: new Map(others),
  kernelThreads: new Set(kernel),
});

describe("the machine around a run", () => {
  it("states others' CPU time as a share of the run's CPUs, never above 100%", () => {
    // A child reaped during the run adds its whole CPU time at once: here five times the run's window.
    const before = sample(1000, 0, [[42, 100]]);
    const env = environmentOf(before, sample(2000, 10, [[42, 5100]]), { loadAvg1: 3.5 });
    expect(env.otherCpuPercent).toBe(100);
    expect(env.stealPercent).toBe(1);
    const quiet = environmentOf(before, sample(2000, 10, [[42, 150]]), { loadAvg1: 0.1 });
    expect(quiet.otherCpuPercent).toBe(5);
    // A competing process that started during the run: all of its CPU time was spent in it.
    const started = environmentOf(
      before,
      sample(2000, 10, [
        [42, 100],
        [77, 400],
      ]),
      { loadAvg1: 1 },
    );
    expect(started.otherCpuPercent).toBe(40);
  });

  it("leaves the kernel's threads out of a run (they serve its own I/O) and counts them before one", () => {
    // A block-device run: the loop device's worker (a kernel thread, pid 90) took 13% beside a 2% process.
    const before = sample(
      1000,
      0,
      [
        [42, 100],
        [90, 0],
      ],
      [90],
    );
    const after = sample(
      2000,
      0,
      [
        [42, 120],
        [90, 130],
      ],
      [90],
    );
    expect(environmentOf(before, after, { loadAvg1: 0 }).otherCpuPercent).toBe(2);
    expect(environmentOf(before, after, { loadAvg1: 0 }, { kernelThreads: true }).otherCpuPercent).toBe(15);
  });

  it("knows kernel threads by their flags: kthreadd (pid 2) is one, init is not, nor this process", async () => {
    const seen = await sampleMachine([0]);
    expect(seen.kernelThreads.has(2)).toBe(true);
    expect(seen.others.has(process.pid)).toBe(false);
    expect([...seen.kernelThreads].every((pid) => seen.others.has(pid))).toBe(true);
    expect(seen.others.has(1) && seen.kernelThreads.has(1)).toBe(false);
  });
});
