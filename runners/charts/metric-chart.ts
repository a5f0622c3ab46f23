import { centre, meanKind } from "../stats/centre.ts";
import { comparisonLabel, type MetricSummary } from "../stats/summarize.ts";
import { CHART_WIDTH, chartConfig, runtimeScale } from "./chart-style.ts";

/** A Vega-Lite specification as plain JSON (no vega-lite import: the core stays light). */
export type VegaLiteSpec = Record<string, unknown>;

/** The storage mode's facet title, or nothing for a guide without storage modes. */
const facetOf = (summary: MetricSummary) => (summary.variant ? `storage: ${summary.variant}` : "");

/**
 * One metric of one guide: every run as a point per runtime, the metric's one kind of mean (the
 * geometric mean, see centre.ts) with its 95% interval as a bar, and the baseline's as a dashed
 * tick. Several summaries of the same metric (the I/O guide's storage modes) become rows of one
 * chart on one shared axis, so that a reader compares runtimes and storage paths at one glance.
 */
export function metricChartSpec(summaries: readonly MetricSummary[], options: { baseline: string }): VegaLiteSpec {
  const first = summaries[0]!;
  const kind = meanKind(summaries.flatMap((s) => s.runtimes));
  const runs = summaries.flatMap((s) =>
    s.runtimes.flatMap((r) =>
      r.values.map((value, i) => ({ facet: facetOf(s), runtime: r.runtime, run: i + 1, value })),
    ),
  );
  const means = summaries.flatMap((s) =>
    s.runtimes
      .filter((r) => r.values.length > 0)
      // Every compared metric is non-negative: an interval of the mean is cut at zero, never drawn below it.
      .map((r) => {
        const { value, ci95 } = centre(r.stats, kind);
        return {
          facet: facetOf(s),
          runtime: r.runtime,
          mean: value,
          low: Math.max(0, Number.isFinite(ci95.low) ? ci95.low : value),
          high: Number.isFinite(ci95.high) ? ci95.high : value,
          baseline: r.runtime === options.baseline,
        };
      }),
  );
  const runtimes = [...new Set(summaries.flatMap((s) => s.runtimes.map((r) => r.runtime)))];
  // Values and interval ends are non-negative, so the axis, rounded outwards, never goes below zero.
  const x = { type: "quantitative", title: `${first.unit}, ${first.direction} is better`, scale: { zero: false } };
  const y = { field: "runtime", type: "nominal", title: null, sort: runtimes };
  const color = { field: "runtime", type: "nominal", legend: null, sort: runtimes, scale: runtimeScale(runtimes) };
  const marks = [
    {
      filter: "datum.kind === 'run'",
      mark: { type: "point", filled: true, opacity: 0.55, size: 50 },
      encoding: { x: { ...x, field: "value" }, y, color },
    },
    {
      filter: "datum.kind === 'mean'",
      mark: { type: "rule", strokeWidth: 3 },
      encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" }, y, color },
    },
    {
      filter: "datum.kind === 'mean'",
      mark: { type: "tick", thickness: 3, size: 22, color: "currentColor" },
      encoding: { x: { field: "mean", type: "quantitative" }, y },
    },
    // The baseline's mean across every runtime's row: the reference a reader's eye measures against.
    {
      filter: "datum.kind === 'mean' && datum.baseline",
      mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
      encoding: { x: { field: "mean", type: "quantitative" } },
    },
  ];
  const layer = marks.map(({ filter, ...m }) => ({ ...m, transform: [{ filter }] }));
  const data = { values: [...runs.map((r) => ({ ...r, kind: "run" })), ...means.map((m) => ({ ...m, kind: "mean" }))] };
  const plot = { width: CHART_WIDTH, height: { step: 30 }, layer };
  const common = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: chartConfig, data };
  if (!summaries.some((s) => s.variant)) return { ...common, ...plot };
  const header = { labelAngle: 0, labelAlign: "left", labelAnchor: "start", labelOrient: "top", labelFontSize: 13 };
  return {
    ...common,
    facet: { row: { field: "facet", type: "nominal", title: null, header } },
    resolve: { scale: { y: "independent" } },
    spec: plot,
  };
}

/** Sentences that say what the chart shows, with its numbers, for screen readers and text browsers. */
export function metricChartDescription(summaries: readonly MetricSummary[], baseline: string): string {
  const kind = meanKind(summaries.flatMap((s) => s.runtimes));
  return summaries
    .map((summary) => {
      const parts = summary.runtimes.map((r) => {
        if (r.notRunnable) return `${r.runtime}: not runnable as defined`;
        const d = r.comparison
          ? `, ${comparisonLabel(r, baseline)} ` +
            `${r.comparison.deltaPercent >= 0 ? "+" : "−"}${Math.abs(r.comparison.deltaPercent).toFixed(2)}% ` +
            `(${r.comparison.verdict})`
          : " (baseline)";
        const typical = centre(r.stats, kind).value.toFixed(2);
        return `${r.runtime}: ${r.values.length} runs, ${kind} ${typical} ${summary.unit}${d}`;
      });
      return (
        `${summary.label}${summary.variant ? ` (storage: ${summary.variant})` : ""} per run and runtime, with ` +
        `the ${kind} and its 95% interval. ${parts.join("; ")}.`
      );
    })
    .join(" ");
}
