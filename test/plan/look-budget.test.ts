import { describe, expect, it } from "vitest";
import { lookFits } from "../../runners/plan/look-budget.ts";
import { createProgress } from "../../runners/run/progress.ts";

describe("an adaptive look within a time budget", () => {
  it("starts only if its runs and every planned run behind it end by the deadline", () => {
    // 100 s of window: the look's 30 s alone would fit, but not with the 80 s of planned runs behind it.
    expect(lookFits({ nowMs: 0, lookMs: 30_000, plannedLeftMs: 0, deadlineMs: 100_000 })).toBe(true);
    expect(lookFits({ nowMs: 0, lookMs: 30_000, plannedLeftMs: 80_000, deadlineMs: 100_000 })).toBe(false);
    expect(lookFits({ nowMs: 0, lookMs: 20_000, plannedLeftMs: 80_000, deadlineMs: 100_000 })).toBe(true);
  });

  it("counts the planned runs at the pace runs kept so far, re-runs on a busy machine included", () => {
    const progress = createProgress({ estimates: [10, 10, 10, 10], mode: "plain", write: () => {} });
    progress.start("cpu · runc · run 1/1");
    progress.done(15); // run again on a busy machine: half as long again as planned
    expect(progress.remainingSeconds()).toBe(45);
    // At 45 s of planned runs left, a look of 20 s does not fit a window of 60 s; one of 15 s does.
    const fits = (lookMs: number) =>
      lookFits({ nowMs: 0, lookMs, plannedLeftMs: progress.remainingSeconds() * 1000, deadlineMs: 60_000 });
    expect(fits(20_000)).toBe(false);
    expect(fits(15_000)).toBe(true);
    progress.add([10]); // a look's run joins the plan, next in line
    expect(progress.remainingSeconds()).toBe(60);
  });
});
