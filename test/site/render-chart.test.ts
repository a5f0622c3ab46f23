import { describe, expect, it } from "vitest";
import { CHART_MAX_WIDTH, wrapText } from "../../runners/charts/chart-style.ts";
import { metricChartSpec } from "../../runners/charts/metric-chart.ts";
import { ccdfChartSpec } from "../../runners/guides/jitter/ccdf-chart.ts";
import { describe as stats } from "../../runners/stats/descriptive.ts";
import type { MetricSummary } from "../../runners/stats/summarize.ts";
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

  it("narrows the plot of a chart whose runtime names alone make it wider than a phone's column", async () => {
    const runtimes = ["host", "runc", "crun", "gvisor", "gvisor-ptrace", "gvisor-gofer"];
    const summary = {
      metric: "eventsPerSecond",
      label: "Events per second",
      unit: "events/s",
      direction: "higher",
      runtimes: runtimes.map((runtime, i) => ({
        runtime,
        values: [1000 + i, 1010 + i],
        stats: stats([1000 + i, 1010 + i]),
      })),
    } as unknown as MetricSummary;
    const svg = await renderSvg(metricChartSpec([summary], { baseline: "runc" }));
    expect(svgWidth(svg)).toBeLessThanOrEqual(CHART_MAX_WIDTH);
    for (const runtime of runtimes) expect(svg).toContain(`>${runtime}<`);
  });

  it("keeps a chart that already fits as it is", async () => {
    const svg = await renderSvg(
      ccdfChartSpec([{ runtime: "runc", histogram: histogram(0) }], { title: "Wake-up latency", unit: "µs" }),
    );
    expect(svgWidth(svg)).toBeLessThanOrEqual(CHART_MAX_WIDTH);
  });

  it("cuts no text short: a long title wraps into lines, long labels stay whole", async () => {
    const title = "Wake-up latency measured on every CPU of the machine while it was idle";
    const spec = ccdfChartSpec(
      [
        { runtime: "runc", histogram: histogram(0) },
        { runtime: "gvisor-gofer-directfs", histogram: histogram(0) },
      ],
      { title, unit: "µs" },
    );
    const svg = await renderSvg(spec);
    expect(svg).not.toContain("…");
    expect(svg).toContain(">gvisor-gofer-directfs<");
    // The whole title is drawn, over more than one line.
    const lines = wrapText(String(spec.title));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(svg).toContain(`>${line}<`);
    expect(svgWidth(svg)).toBeLessThanOrEqual(CHART_MAX_WIDTH);
  });
});
