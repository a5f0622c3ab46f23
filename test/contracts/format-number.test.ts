import { describe, expect, it } from "vitest";
import { formatInterval, formatNumber, formatPercent, formatRange } from "../../runners/contracts/format-number.ts";

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

  it("writes an interval of the metric's own values with the table's digits", () => {
    expect(formatRange({ low: 2101.94, high: 2106.81 })).toBe("[2101.9, 2106.8]");
    expect(formatRange({ low: 0.01234, high: 1.5 })).toBe("[0.0123, 1.50]");
    expect(formatRange({ low: Number.NaN, high: 3 })).toBe("[—]");
  });

  it("shows what is not a number as a dash", () => {
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
