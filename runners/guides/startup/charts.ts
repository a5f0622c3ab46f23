import { CHART_WIDTH, chartConfig } from "../../charts/chart-style.ts";
import type { VegaLiteSpec } from "../../charts/metric-chart.ts";
import type { GuideResult } from "../../schemas/guide-result.ts";
import { quantile } from "../../stats/descriptive.ts";
import { metricValues } from "../../stats/summarize.ts";

type Measurement = GuideResult["measurements"][number];

const counted = (result: GuideResult, runtime: string) =>
  result.measurements.filter((m) => m.runtime === runtime && m.arm === "main" && m.excluded === undefined);
const num = (m: Measurement, metric: string) =>
  typeof m.metrics[metric] === "number" ? (m.metrics[metric] as number) : undefined;

/**
 * Every pod's creation → Ready, twice: as the watch saw it (the bar is the create request's
 * round trip, the sample's resolution) and from whole-second API timestamps (the bar is ±1 s:
 * a difference of two truncated seconds). The second view cannot tell 1.0 s from 1.4 s.
 */
export function startupResolutionSpec(result: GuideResult, runtimes: readonly string[]): VegaLiteSpec {
  const rows = runtimes.flatMap((runtime) =>
    counted(result, runtime).flatMap((m) => {
      const ready = num(m, "readyMs");
      const trip = num(m, "createRoundTripMs") ?? 0;
      const api = num(m, "apiReadyS");
      return [
        ...(ready !== undefined
          ? [{ runtime, run: m.run, view: "watch (runner's clock)", value: ready, low: ready - trip, high: ready }]
          : []),
        ...(api !== undefined
          ? [
              {
                runtime,
                run: m.run,
                view: "API timestamps (±1 s)",
                value: api * 1000,
                low: Math.max(0, api * 1000 - 1000),
                high: api * 1000 + 1000,
              },
            ]
          : []),
      ];
    }),
  );
  const y = { field: "runtime", type: "nominal", title: null, sort: [...runtimes] };
  const yOffset = { field: "view", type: "nominal" };
  // One legend entry per line: its labels are long, and the chart must fit a phone's width.
  const color = {
    field: "view",
    type: "nominal",
    title: "Measured by",
    scale: { range: ["#1f6feb", "#b35900"] },
    legend: { columns: 1 },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Creation → Ready per pod, with each sample's resolution",
    width: CHART_WIDTH,
    height: { step: 60 },
    config: chartConfig,
    data: { values: rows },
    layer: [
      {
        mark: { type: "rule", opacity: 0.35, strokeWidth: 2 },
        encoding: {
          x: { field: "low", type: "quantitative", title: "Creation → Ready (ms)" },
          x2: { field: "high" },
          y,
          yOffset,
          color,
        },
      },
      {
        mark: { type: "point", filled: true, size: 40 },
        encoding: {
          x: { field: "value", type: "quantitative" },
          y,
          yOffset,
          color,
          tooltip: [
            { field: "runtime" },
            { field: "run" },
            { field: "view" },
            { field: "value", title: "ms", format: ",.1f" },
            { field: "low", format: ",.1f" },
            { field: "high", format: ",.1f" },
          ],
        },
      },
    ],
  };
}

/** The phases of startup, from the watch: the median of each per runtime, stacked to creation → Ready. */
export const STARTUP_PHASES = [
  { metric: "schedulingMs", label: "Scheduling" },
  { metric: "sandboxInitMs", label: "Sandbox + init" },
  { metric: "containersReadyMs", label: "Containers ready" },
] as const;

/** Median phase durations per runtime as stacked bars. */
export function startupPhasesSpec(result: GuideResult, runtimes: readonly string[]): VegaLiteSpec {
  const rows = runtimes
    .flatMap((runtime) =>
      STARTUP_PHASES.map((phase, order) => {
        const values = metricValues(result, runtime, phase.metric);
        return {
          runtime,
          phase: phase.label,
          order,
          median: values.length > 0 ? quantile(values, 0.5) : 0,
          n: values.length,
        };
      }),
    )
    .filter((r) => r.n > 0);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Where startup time goes (median of each phase, watch-observed)",
    width: CHART_WIDTH,
    height: { step: 36 },
    config: chartConfig,
    data: { values: rows },
    mark: "bar",
    encoding: {
      y: { field: "runtime", type: "nominal", title: null, sort: [...runtimes] },
      x: { field: "median", type: "quantitative", stack: "zero", title: "Median duration (ms)" },
      color: {
        field: "phase",
        type: "nominal",
        title: "Phase",
        sort: STARTUP_PHASES.map((p) => p.label),
        legend: { columns: 1 },
      },
      order: { field: "order" },
      tooltip: [
        { field: "runtime" },
        { field: "phase" },
        { field: "median", title: "median ms", format: ",.1f" },
        { field: "n", title: "pods" },
      ],
    },
  };
}
