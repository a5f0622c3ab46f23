import { CHART_WIDTH, chartConfig, runtimeScale } from "./chart-style.ts";
import type { VegaLiteSpec } from "./metric-chart.ts";

/** One point of a trend: a runtime's delta to the baseline in one campaign. */
export interface TrendPoint {
  /** Release label, or the campaign id when it has none. */
  release: string;
  campaign: string;
  runtime: string;
  deltaPercent: number;
  low: number;
  high: number;
  verdict: string;
}

/**
 * A metric's delta to the baseline over successive campaigns: a point and the verdict's 90% interval per
 * runtime and release, with the acceptance band (±threshold) shaded.
 */
export function trendChartSpec(
  points: readonly TrendPoint[],
  options: { title: string; thresholdPercent: number; releases: readonly string[] },
): VegaLiteSpec {
  const x = { field: "release", type: "ordinal", title: "Release (oldest first)", sort: [...options.releases] };
  const runtimes = [...new Set(points.map((p) => p.runtime))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title,
    width: CHART_WIDTH,
    height: 220,
    config: chartConfig,
    layer: [
      {
        data: { values: [{ low: -options.thresholdPercent, high: options.thresholdPercent }] },
        mark: { type: "rect", opacity: 0.12, color: "#2a9d8f" },
        encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: "rule", color: "#888", strokeDash: [4, 4] },
        encoding: { y: { field: "zero", type: "quantitative" } },
      },
      {
        data: { values: points },
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          x,
          xOffset: { field: "runtime" },
          y: { field: "low", type: "quantitative", title: "Δ vs baseline (%), 90% interval" },
          y2: { field: "high" },
          color: { field: "runtime", type: "nominal", scale: runtimeScale(runtimes) },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x,
          xOffset: { field: "runtime" },
          y: { field: "deltaPercent", type: "quantitative" },
          color: { field: "runtime", type: "nominal", title: "Runtime", scale: runtimeScale(runtimes) },
          tooltip: [
            { field: "campaign" },
            { field: "runtime" },
            { field: "deltaPercent", format: "+.2f" },
            { field: "low", format: "+.2f" },
            { field: "high", format: "+.2f" },
            { field: "verdict" },
          ],
        },
      },
    ],
  };
}
