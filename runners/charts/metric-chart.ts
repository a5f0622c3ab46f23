import { comparisonLabel, type MetricSummary } from "../stats/summarize.ts";

/** A Vega-Lite specification as plain JSON (no vega-lite import: the core stays light). */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * One metric of one guide: every run as a point per runtime, the mean with its 95%
 * interval as a bar, and the baseline's mean as a dashed rule across all runtimes.
 */
export function metricChartSpec(summary: MetricSummary, options: { baseline: string; title?: string }): VegaLiteSpec {
  const runs = summary.runtimes.flatMap((r) => r.values.map((value, i) => ({ runtime: r.runtime, run: i + 1, value })));
  const means = summary.runtimes
    .filter((r) => r.values.length > 0)
    // Every compared metric is non-negative: an interval of the mean is cut at zero, never drawn below it.
    .map((r) => ({ runtime: r.runtime, mean: r.stats.mean, low: Math.max(0, Number.isFinite(r.stats.ci95.low) ? r.stats.ci95.low : r.stats.mean), high: Number.isFinite(r.stats.ci95.high) ? r.stats.ci95.high : r.stats.mean }));
  const baseline = means.find((m) => m.runtime === options.baseline);
  const axisTitle = `${summary.label} (${summary.unit}), ${summary.direction} is better`;
  const y = { field: "runtime", type: "nominal", title: null, sort: summary.runtimes.map((r) => r.runtime) };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: options.title ?? summary.label,
    width: 520,
    height: { step: 36 },
    config: { font: "system-ui, sans-serif", axis: { labelFontSize: 12, titleFontSize: 12 }, view: { stroke: null } },
    layer: [
      {
        data: { values: runs },
        mark: { type: "point", filled: true, opacity: 0.55, size: 50 },
        encoding: {
          x: { field: "value", type: "quantitative", title: axisTitle, scale: { zero: false } },
          y,
          color: { field: "runtime", type: "nominal", legend: null },
          tooltip: [{ field: "runtime" }, { field: "run" }, { field: "value", format: ",.2f" }],
        },
      },
      {
        data: { values: means },
        mark: { type: "rule", strokeWidth: 3 },
        encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" }, y, color: { field: "runtime", type: "nominal", legend: null } },
      },
      {
        data: { values: means },
        mark: { type: "tick", thickness: 3, size: 22, color: "currentColor" },
        encoding: { x: { field: "mean", type: "quantitative" }, y, tooltip: [{ field: "runtime" }, { field: "mean", format: ",.2f" }, { field: "low", format: ",.2f" }, { field: "high", format: ",.2f" }] },
      },
      ...(baseline
        ? [{ data: { values: [baseline] }, mark: { type: "rule", strokeDash: [4, 4], color: "#888" }, encoding: { x: { field: "mean", type: "quantitative" } } }]
        : []),
    ],
  };
}

/** One sentence that says what the chart shows, for screen readers and text browsers. */
export function metricChartDescription(summary: MetricSummary, baseline: string): string {
  const parts = summary.runtimes.map((r) => {
    if (r.notRunnable) return `${r.runtime}: not runnable as defined`;
    const d = r.comparison ? `, ${comparisonLabel(r, baseline)} ${r.comparison.deltaPercent >= 0 ? "+" : "−"}${Math.abs(r.comparison.deltaPercent).toFixed(2)}% (${r.comparison.verdict})` : " (baseline)";
    return `${r.runtime}: ${r.values.length} runs, mean ${r.stats.mean.toFixed(2)} ${summary.unit}${d}`;
  });
  return `${summary.label}${summary.variant ? ` (storage: ${summary.variant})` : ""} per run and runtime, with the mean and its 95% interval. ${parts.join("; ")}.`;
}
