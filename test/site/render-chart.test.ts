import { describe, expect, it } from "vitest";
import { CHART_MAX_WIDTH } from "../../runners/charts/chart-style.ts";
import { ccdfChartSpec } from "../../runners/guides/jitter/ccdf-chart.ts";
import { renderSvg, svgWidth } from "../../src/lib/render-chart.ts";

/** A cyclictest-like histogram: counts falling off exponentially, with `overflow` wake-ups beyond its end. */
const histogram = (overflow: number) => ({
  counts: Array.from({ length: 100 }, (_, i) => Math.round(1e5 * Math.exp(-i / 5))),
  overflow,
});

describe("charts fit a phone's column whatever their data", () => {
  it("stacks the legends of a chart with long runtime names and a censored percentile", async () => {
    const spec = ccdfChartSpec(
      [
        { runtime: "host", histogram: histogram(1000) },
        { runtime: "runc", histogram: histogram(0) },
        { runtime: "gvisor-ptrace", histogram: histogram(0) },
        { runtime: "gvisor-gofer-only", histogram: histogram(3) },
      ],
      { title: "Wake-up latency", unit: "µs" },
    );
    const svg = await renderSvg(spec);
    expect(svgWidth(svg)).toBeLessThanOrEqual(CHART_MAX_WIDTH);
    // Every runtime and both percentile kinds are still named.
    for (const label of ["host", "gvisor-ptrace", "gvisor-gofer-only", "beyond the histogram", "measured"])
      expect(svg).toContain(`>${label}<`);
  });

  it("keeps a chart that already fits as it is", async () => {
    const svg = await renderSvg(
      ccdfChartSpec([{ runtime: "runc", histogram: histogram(0) }], { title: "Wake-up latency", unit: "µs" }),
    );
    expect(svgWidth(svg)).toBeLessThanOrEqual(CHART_MAX_WIDTH);
  });
});
