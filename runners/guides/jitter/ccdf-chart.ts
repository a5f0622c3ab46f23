import { CHART_WIDTH, chartConfig, runtimeScale } from "../../charts/chart-style.ts";
import type { VegaLiteSpec } from "../../charts/metric-chart.ts";
import { ccdf, histogramQuantile, type LatencyHistogram } from "../../stats/histogram.ts";

/** One runtime's pooled latency distribution. */
export interface RuntimeDistribution {
  runtime: string;
  histogram: LatencyHistogram;
}

/** The tail percentiles marked on the chart, with the CCDF level they sit at. */
const MARKS = [
  { name: "p99", p: 0.99 },
  { name: "p99.9", p: 0.999 },
  { name: "p99.99", p: 0.9999 },
] as const;

/**
 * The complementary CDF of wake-up latency per runtime on log–log axes: how often a wake-up
 * is later than x µs. The tail percentiles are marked where each line crosses 1e-2, 1e-3 and
 * 1e-4; a marker at the histogram's end means the percentile lies beyond it.
 */
export function ccdfChartSpec(
  distributions: readonly RuntimeDistribution[],
  options: { title: string; unit: string },
): VegaLiteSpec {
  // Log scales cannot show 0: the final point (nothing later) is left out; x starts at 1 µs.
  const lines = distributions.flatMap((d) =>
    ccdf(d.histogram)
      .filter((pt) => pt.fraction > 0)
      .map((pt) => ({ runtime: d.runtime, latency: Math.max(pt.latency, 1), fraction: pt.fraction })),
  );
  const marks = distributions.flatMap((d) =>
    MARKS.map((m) => {
      const q = histogramQuantile(d.histogram, m.p);
      return {
        runtime: d.runtime,
        percentile: m.name,
        latency: Math.max(q.value, 1),
        fraction: 1 - m.p,
        censored: q.censored ? "beyond the histogram" : "measured",
      };
    }).filter((m) => Number.isFinite(m.latency)),
  );
  const runtimes = distributions.map((d) => d.runtime);
  const color = { field: "runtime", type: "nominal", title: "Runtime", scale: runtimeScale(runtimes) };
  const x = {
    field: "latency",
    type: "quantitative",
    title: `Wake-up latency (${options.unit}, log scale)`,
    scale: { type: "log" },
  };
  const y = {
    field: "fraction",
    type: "quantitative",
    title: "Fraction of wake-ups later (log scale)",
    scale: { type: "log" },
    axis: { format: ".0e" },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title,
    width: CHART_WIDTH,
    height: 280,
    config: chartConfig,
    layer: [
      { data: { values: lines }, mark: { type: "line", interpolate: "step-after" }, encoding: { x, y, color } },
      {
        data: { values: marks },
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x,
          y,
          color,
          shape: { field: "censored", type: "nominal", title: "Percentile" },
          tooltip: [
            { field: "runtime" },
            { field: "percentile" },
            { field: "latency", title: options.unit },
            { field: "censored" },
          ],
        },
      },
    ],
  };
}
