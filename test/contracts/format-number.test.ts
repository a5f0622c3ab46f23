import { describe, expect, it } from "vitest";
import { formatInterval, formatNumber, formatPercent } from "../../runners/contracts/format-number.ts";

describe("numbers as tables show them", () => {
  it("writes a change as a signed percentage with a true minus sign", () => {
    expect(formatPercent(1.2449)).toBe("+1.24%");
    expect(formatPercent(-0.3)).toBe("−0.30%");
    expect(formatPercent(-0.001)).toBe("+0.00%");
    expect(formatPercent(99.99)).toBe("+99.99%");
  });

  it("writes a change past twice the baseline as its ratio: never a percentage of four digits", () => {
    expect(formatPercent(100)).toBe("2.00×");
    expect(formatPercent(331.28)).toBe("4.31×");
    expect(formatPercent(2500)).toBe("26.0×");
    expect(formatPercent(35263.79)).toBe("354×");
    expect(formatInterval(32899.19, 37797.84)).toBe("[330×, 379×]");
  });

  it("shows what is not a number as a dash", () => {
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
