import { describe, expect, it } from "vitest";
import {
  BUSY_PERCENT,
  calibrationReference,
  MIN_CALIBRATIONS,
  machineFlag,
  rerunReason,
  SLOWED_PERCENT,
  wasRerun,
} from "../../runners/core/machine-state.ts";
import type { Measurement } from "../../runners/schemas/measurement.ts";

/** A measurement with only what the machine-state rules read. */
const run = (otherCpuPercent: number, calibrationMs?: number, stealPercent = 0, calibrationMemoryMs?: number) =>
  ({
    runtime: "runc",
    arm: "main",
    run: 1,
    environment: {
      loadAvg1: 0,
      otherCpuPercent,
      stealPercent,
      ...(calibrationMs ? { calibrationMs } : {}),
      ...(calibrationMemoryMs ? { calibrationMemoryMs } : {}),
    },
  }) as Measurement;

describe("the machine around a run", () => {
  it("takes the median calibration as the reference, once there are enough", () => {
    expect(calibrationReference([run(0, 250), run(0, 260)])).toBeUndefined();
    expect(MIN_CALIBRATIONS).toBe(3);
    expect(calibrationReference([run(0, 300), run(0, 250), run(0, 260)])).toEqual({ totalMs: 260 });
    expect(calibrationReference([run(0, 300), run(0, 250), run(0, 260), run(0, 240)])).toEqual({ totalMs: 255 });
    // The memory write's own median, from the runs that timed it apart.
    expect(calibrationReference([run(0, 300, 0, 90), run(0, 250, 0, 40), run(0, 260, 0, 45)])).toEqual({
      totalMs: 260,
      memoryMs: 45,
    });
    // Runs without a calibration (other targets, older campaigns) do not count.
    expect(calibrationReference([run(0), run(0), run(0, 1)])).toBeUndefined();
  });

  it("flags a busy run by others' share or steal, and a slowed one by its calibration, busy first", () => {
    const reference = { totalMs: 200 };
    expect(machineFlag(run(BUSY_PERCENT, 200), reference)).toBeUndefined();
    expect(machineFlag(run(BUSY_PERCENT + 0.1, 200), reference)).toMatch(/^busy machine: others took 5\.1% of its/);
    expect(machineFlag(run(0, 200, 12), reference)).toMatch(/^busy machine: others took 12\.0%/);
    const limit = reference.totalMs * (1 + SLOWED_PERCENT / 100);
    expect(machineFlag(run(0, limit), reference)).toBeUndefined();
    expect(machineFlag(run(0, limit + 1), reference)).toMatch(/^slowed machine: the calibration before it ran 25\.5%/);
    expect(machineFlag(run(50, limit + 1), reference)).toMatch(/^busy machine/);
    // Without a reference there is nothing to be slower than.
    expect(machineFlag(run(0, 10_000), undefined)).toBeUndefined();
  });

  it("flags a run whose memory write alone was slowed: a neighbour taking memory bandwidth", () => {
    // The whole calibration is only 15% slower (the CPU kernel did not change), its write 50%.
    const reference = { totalMs: 100, memoryMs: 30 };
    const slowedWrite = run(0, 115, 0, 45);
    expect(machineFlag(slowedWrite, reference)).toMatch(
      /^slowed machine: the calibration's memory write before it ran 50\.0% slower than the guide's median/,
    );
    expect(machineFlag(run(0, 110, 0, 30 * (1 + SLOWED_PERCENT / 100)), reference)).toBeUndefined();
    // A reference from runs that never timed the write apart holds the whole calibration only.
    expect(machineFlag(slowedWrite, { totalMs: 100 })).toBeUndefined();
  });

  it("knows a run left out because it was run again from one left out for another reason", () => {
    expect(wasRerun({ ...run(9), excluded: rerunReason("busy machine: others took 9.0% of its CPUs") })).toBe(true);
    expect(wasRerun({ ...run(0), excluded: "the image was pulled during this sample" })).toBe(false);
    expect(wasRerun(run(0))).toBe(false);
  });
});
