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
const run = (otherCpuPercent: number, calibrationMs?: number, stealPercent = 0): Measurement =>
  ({
    runtime: "runc",
    arm: "main",
    run: 1,
    environment: { loadAvg1: 0, otherCpuPercent, stealPercent, ...(calibrationMs ? { calibrationMs } : {}) },
  }) as Measurement;

describe("the machine around a run", () => {
  it("takes the median calibration as the reference, once there are enough", () => {
    expect(calibrationReference([run(0, 250), run(0, 260)])).toBeUndefined();
    expect(MIN_CALIBRATIONS).toBe(3);
    expect(calibrationReference([run(0, 300), run(0, 250), run(0, 260)])).toBe(260);
    expect(calibrationReference([run(0, 300), run(0, 250), run(0, 260), run(0, 240)])).toBe(255);
    // Runs without a calibration (other targets, older campaigns) do not count.
    expect(calibrationReference([run(0), run(0), run(0, 1)])).toBeUndefined();
  });

  it("flags a busy run by others' share or steal, and a slowed one by its calibration, busy first", () => {
    const reference = 200;
    expect(machineFlag(run(BUSY_PERCENT, 200), reference)).toBeUndefined();
    expect(machineFlag(run(BUSY_PERCENT + 0.1, 200), reference)).toMatch(/^busy machine: others took 5\.1% of its/);
    expect(machineFlag(run(0, 200, 12), reference)).toMatch(/^busy machine: others took 12\.0%/);
    const limit = reference * (1 + SLOWED_PERCENT / 100);
    expect(machineFlag(run(0, limit), reference)).toBeUndefined();
    expect(machineFlag(run(0, limit + 1), reference)).toMatch(/^slowed machine: the calibration before it ran 25\.5%/);
    expect(machineFlag(run(50, limit + 1), reference)).toMatch(/^busy machine/);
    // Without a reference there is nothing to be slower than.
    expect(machineFlag(run(0, 10_000), undefined)).toBeUndefined();
  });

  it("knows a run left out because it was run again from one left out for another reason", () => {
    expect(wasRerun({ ...run(9), excluded: rerunReason("busy machine: others took 9.0% of its CPUs") })).toBe(true);
    expect(wasRerun({ ...run(0), excluded: "the image was pulled during this sample" })).toBe(false);
    expect(wasRerun(run(0))).toBe(false);
  });
});
