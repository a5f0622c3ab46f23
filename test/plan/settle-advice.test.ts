import { describe, expect, it } from "vitest";
import { settleAdvice } from "../../runners/plan/adaptive-runs.ts";

const facts = { campaign: "my-first-run", guide: "cpu", open: 1, busy: 6, runs: 20, reached: 5, looks: [5, 10, 15] };

describe("what to do about a guide left open", () => {
  it("with looks left: the busy share, and --resume with the runs the remaining looks take", () => {
    expect(settleAdvice(facts)).toBe(
      "cpu (1 primary cell open): 6 of 20 runs (30%) ran on a busy machine; " +
        "`npx parity run --resume --campaign my-first-run` runs the plan's remaining looks " +
        "(at 10, 15 runs per runtime: up to 10 more runs of each)",
    );
  });

  it("with its plan spent on a busy machine: a quieter machine", () => {
    expect(settleAdvice({ ...facts, reached: 15 })).toMatch(/its plan is spent: run it again on a quieter machine/);
  });

  it("with its plan spent on a quiet machine: a longer plan, not a quieter machine", () => {
    const advice = settleAdvice({ ...facts, reached: 15, busy: 0 });
    expect(advice).toMatch(/0 of 20 runs \(0%\).*spent on a quiet machine.*`--looks`, `--max-runs`/);
  });

  it("after a fixed number of runs: an adaptive campaign", () => {
    const { looks: _, ...fixed } = facts;
    expect(settleAdvice({ ...fixed, reached: 2 })).toMatch(/a fixed 2 run\(s\) per runtime: run it again without/);
  });

  it("says nothing of a guide whose primary cells all settled", () => {
    expect(settleAdvice({ ...facts, open: 0 })).toBeUndefined();
  });
});
