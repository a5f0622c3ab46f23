import type { MetricSummary } from "../stats/summarize.ts";
import { CHART_WIDTH, chartConfig, runtimeScale } from "./chart-style.ts";
import type { VegaLiteSpec } from "./metric-chart.ts";

/** The empirical distribution of a metric per runtime: a step line per runtime, one step per run. */
export function cdfChartSpec(summary: MetricSummary): VegaLiteSpec {
  const values = summary.runtimes.flatMap((r) => r.values.map((value) => ({ runtime: r.runtime, value })));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${summary.label}: distribution of runs`,
    width: CHART_WIDTH,
    height: 220,
    config: chartConfig,
    data: { values },
    transform: [{ window: [{ op: "cume_dist", as: "fraction" }], sort: [{ field: "value" }], groupby: ["runtime"] }],
    mark: { type: "line", interpolate: "step-after", point: true },
    encoding: {
      x: { field: "value", type: "quantitative", title: `${summary.label} (${summary.unit})`, scale: { zero: false } },
      y: { field: "fraction", type: "quantitative", title: "Fraction of runs at or below", axis: { format: "%" } },
      color: {
        field: "runtime",
        type: "nominal",
        title: "Runtime",
        scale: runtimeScale([...new Set(values.map((v) => v.runtime))]),
      },
      tooltip: [{ field: "runtime" }, { field: "value", format: ",.2f" }, { field: "fraction", format: ".0%" }],
    },
  };
}
