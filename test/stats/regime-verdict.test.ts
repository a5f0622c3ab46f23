import { describe, expect, it } from "vitest";
import { compare } from "../../runners/stats/compare.ts";
import { measuredRange } from "../../runners/stats/measured-range.ts";
import { acrossRegimes } from "../../runners/stats/regime-verdict.ts";

// Issue 38's newcomer run on a busy machine, per getppid() call (ns), five runs each: runc at 167–174
// and 211–224 ns, gVisor at 669–700 and 845–881 ns (values within the ranges the issue reports).
const runc = [167, 170, 174, 211, 224];
const gvisor = [669, 700, 845, 863, 881];
const options = { direction: "lower" as const, thresholdPercent: 5 };

describe("a verdict across regimes", () => {
  it("is worse when gVisor's fastest regime is slower than runc's slowest: every reading says so", () => {
    const c = acrossRegimes(compare(runc, gvisor, options), runc, gvisor, options, "its runs fall into regimes")!;
    expect(c.verdict).toBe("worse");
    // The conservative range runs from gVisor's fast regime against runc's slow one to the reverse.
    expect(c.tostIntervalPercent.low).toBeGreaterThan(150);
    expect(c.tostIntervalPercent.low).toBeLessThan((669 / 224 - 1) * 100);
    expect(c.tostIntervalPercent.high).toBeGreaterThan((881 / 167 - 1) * 100 * 0.9);
    expect(measuredRange(c.tostIntervalPercent, "runc")).toMatch(/^[0-9.]+–[0-9.]+× runc's$/);
    expect(c.hint).toMatch(/^worse in every combination of regimes \(4\).*its runs fall into regimes$/);
  });

  it("withholds the verdict when one combination lies within the threshold", () => {
    const near = [160, 168, 172, 212, 220];
    expect(acrossRegimes(compare(runc, near, options), runc, near, options, "regimes")).toBeUndefined();
  });

  it("leaves samples without regimes to the ordinary comparison", () => {
    const plain = [100, 101, 99, 100.5, 99.5];
    const twice = plain.map((v) => v * 2);
    expect(acrossRegimes(compare(plain, twice, options), plain, twice, options, "none")).toBeUndefined();
  });
});
