import { describe, expect, it } from "vitest";
import type { PlannedRun } from "../../runners/plan/schedule.ts";
import { waves } from "../../runners/plan/waves.ts";

const label = (w: Array<{ runtime: string; run: number }>) => w.map((r) => `${r.runtime}${r.run}`).join("+");

describe("waves", () => {
  // runc1 edera1 edera2 runc2 runc3 edera3 edera4 runc4, as a schedule could order them.
  const schedule: PlannedRun[] = ["runc1", "edera1", "edera2", "runc2", "runc3", "edera3", "edera4", "runc4"].map(
    (r) => ({ runtime: r.slice(0, -1), arm: "main", run: Number(r.at(-1)) }),
  );

  it("keeps the schedule one run at a time with concurrency 1", () => {
    expect(waves(schedule, 1).map(label)).toEqual(schedule.map((r) => `${r.runtime}${r.run}`));
  });

  it("groups runs of one runtime into bursts, keeping the runtimes' interleaving and every run once", () => {
    const w = waves(schedule, 2);
    // Waves start where their first run was.
    expect(w.map(label)).toEqual(["runc1+runc2", "edera1+edera2", "runc3+runc4", "edera3+edera4"]);
    expect(w.flat()).toHaveLength(schedule.length);
  });

  it("leaves a short last wave when the runs do not divide evenly", () => {
    expect(waves(schedule, 3).map(label)).toEqual(["runc1+runc2+runc3", "edera1+edera2+edera3", "edera4", "runc4"]);
  });
});
