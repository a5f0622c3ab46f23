import { describe, expect, it } from "vitest";
import { measuredRange } from "../../runners/stats/measured-range.ts";

describe("a comparison in the reader's terms", () => {
  it.each([
    [{ low: -5.42, high: -3.11 }, "3.1–5.4% lower than runc"],
    [{ low: 3.11, high: 5.42 }, "3.1–5.4% higher than runc"],
    [{ low: -1.18, high: 1.32 }, "between 1.2% lower and 1.3% higher than runc"],
    [{ low: 299.37, high: 365.74 }, "4.0–4.7× runc's"],
    [{ low: 32899.19, high: 37797.84 }, "330–379× runc's"],
    [{ low: 46.51, high: 54.33 }, "47–54% higher than runc"],
    [{ low: -92, high: -90 }, "10–13× lower than runc"],
    // One bound past 2× (a cluster's first-instruction time against the host): ratios throughout.
    [{ low: 61.16, high: 2747.0 }, "1.6–28× runc's"],
    [{ low: -18.89, high: 771.5 }, "between 0.81× and 8.7× runc's"],
    [{ low: -76.0, high: -20.0 }, "1.3–4.2× lower than runc"],
  ])("%o reads %s", (interval, words) => {
    expect(measuredRange(interval, "runc")).toBe(words);
  });

  it("says there is no interval rather than printing NaN", () => {
    expect(measuredRange({ low: Number.NaN, high: Number.NaN }, "runc")).toBe("no interval");
  });

  it("never writes a percentage of four digits", () => {
    for (const high of [99, 100, 150, 999, 5000, 35263.79])
      for (const low of [high * 0.9, 10, -40]) expect(measuredRange({ low, high }, "runc")).not.toMatch(/[0-9]{4}%/);
  });
});
