/**
 * The "Compare your run" panel, in the browser: the pasted text is read by the same pure
 * parser module the runner and `parity compare` use, compared with the published runs by the
 * same statistics, and drawn on the guide's chart. Nothing leaves the page.
 */
import { metricChartSpec } from "../../runners/charts/metric-chart.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { formatNumber, formatPercent } from "../../runners/report/format.ts";
import { describe } from "../../runners/stats/descriptive.ts";
import { compareReaderRun, explainDifferences } from "../../runners/stats/reader-compare.ts";
import type { MetricSummary } from "../../runners/stats/summarize.ts";

/** What the page embeds about the published runs. */
export interface ComparePayload {
  guide: string;
  campaign: string;
  baseline: string;
  metric: string;
  label: string;
  unit: string;
  direction: "higher" | "lower";
  runtimes: Record<string, { values: number[]; threads?: number; vcpus?: number; kernel?: string; toolVersion?: string; settings: Record<string, number | string> }>;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Reads the textarea, compares, and renders the verdict, the differences and the chart. */
export async function runCompare(section: HTMLElement): Promise<void> {
  const payload = JSON.parse(section.querySelector<HTMLScriptElement>("script.compare-data")!.textContent!) as ComparePayload;
  const text = section.querySelector<HTMLTextAreaElement>("textarea")!.value;
  const runtime = section.querySelector<HTMLSelectElement>("select")!.value;
  const out = section.querySelector<HTMLElement>(".compare-result")!;
  out.replaceChildren();
  delete out.dataset.state;
  let measurement;
  try {
    measurement = readOutput(guides.get(payload.guide), text, "your output");
  } catch (error) {
    out.dataset.state = "error";
    out.append(el("p", (error as Error).message, { class: "compare-error", role: "alert" }));
    return;
  }
  const value = measurement.metrics[payload.metric];
  if (typeof value !== "number") {
    out.dataset.state = "error";
    out.append(el("p", `your output has no ${payload.label} value to compare.`, { class: "compare-error", role: "alert" }));
    return;
  }
  const published = payload.runtimes[runtime]!;
  const { notes, comparable } = explainDifferences(measurement, published);
  const comparison = compareReaderRun(published.values, [value], { direction: payload.direction, unit: payload.unit, label: payload.label }, { comparable });
  out.dataset.state = "done";
  out.dataset.verdict = comparison.verdict;
  out.dataset.metrics = JSON.stringify(measurement.metrics);
  out.append(
    el("p", `${payload.label}: yours ${formatNumber(value)} ${payload.unit}; published ${runtime} in ${payload.campaign}: mean ${formatNumber(comparison.published.mean)} ± ${formatNumber(comparison.published.sd)} (n ${comparison.published.n}), 95% prediction interval ${formatNumber(comparison.published.prediction.low)} … ${formatNumber(comparison.published.prediction.high)}.`),
    el("p", `Difference ${formatPercent(comparison.deltaPercent)}. Verdict: ${comparison.verdict}. ${comparison.explanation}`, { class: "compare-verdict" }),
  );
  if (notes.length) {
    const list = el("ul", undefined, { class: "compare-notes" });
    for (const n of notes) list.append(el("li", n));
    out.append(el("p", "What differs from the published run:"), list);
  }
  // The guide's chart, with your run as one more row; Vega loads only now, on demand.
  const summary: MetricSummary = {
    metric: payload.metric, label: payload.label, unit: payload.unit, direction: payload.direction, primary: true,
    runtimes: [...Object.entries(payload.runtimes).map(([name, r]) => ({ runtime: name, role: name === payload.baseline ? ("baseline" as const) : ("candidate" as const), values: r.values, stats: describe(r.values) })), { runtime: "your run", role: "candidate" as const, values: [value], stats: describe([value]) }],
  };
  const [{ compile }, { parse, View }] = await Promise.all([import("vega-lite"), import("vega")]);
  const chart = el("div", undefined, { class: "chart compare-chart", role: "img", "aria-label": `${payload.label}: published runs per runtime and your run (${formatNumber(value)} ${payload.unit}).` });
  out.append(chart);
  const spec = metricChartSpec(summary, { baseline: payload.baseline, title: `${payload.label}: your run against the published runs` });
  const view = new View(parse(compile(spec as never).spec), { renderer: "svg", container: chart });
  await view.runAsync();
}
