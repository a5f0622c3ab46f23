/**
 * The "Compare your run" panel, in the browser: the pasted text is read by the same pure
 * parser module the runner and `parity compare` use, compared with the published runs by the
 * same statistics, and drawn as a small SVG. Nothing leaves the page.
 */

import { formatNumber, formatPercent } from "../../runners/contracts/format-number.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { explainDifferences } from "../../runners/stats/reader-differences.ts";
import { judgeReaderRun, type PublishedSide } from "../../runners/stats/reader-verdict.ts";
import { compareSvg } from "./compare-svg.ts";

/** What the page embeds about the published runs. */
export interface ComparePayload {
  guide: string;
  campaign: string;
  baseline: string;
  metric: string;
  label: string;
  unit: string;
  direction: "higher" | "lower";
  runtimes: Record<
    string,
    {
      values: number[] /** Worked out at build time for one run (see publishedSide). */;
      side: PublishedSide;
      threads?: number;
      vcpus?: number;
      kernel?: string;
      toolVersion?: string;
      settings: Record<string, number | string>;
    }
  >;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Reads the textarea, compares, and renders the verdict, the differences and the chart. */
export async function runCompare(section: HTMLElement): Promise<void> {
  const payload = JSON.parse(
    section.querySelector<HTMLScriptElement>("script.compare-data")!.textContent!,
  ) as ComparePayload;
  const text = section.querySelector<HTMLTextAreaElement>("textarea")!.value;
  const runtime = section.querySelector<HTMLSelectElement>("select")!.value;
  const out = section.querySelector<HTMLElement>(".compare-result")!;
  out.replaceChildren();
  delete out.dataset.state;
  let measurement: ReturnType<typeof readOutput>;
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
    out.append(
      el("p", `your output has no ${payload.label} value to compare.`, { class: "compare-error", role: "alert" }),
    );
    return;
  }
  const published = payload.runtimes[runtime]!;
  const { notes, comparable } = explainDifferences(measurement, published);
  const comparison = judgeReaderRun(published.side, [value], { direction: payload.direction }, { comparable });
  out.dataset.state = "done";
  out.dataset.verdict = comparison.verdict;
  out.dataset.metrics = JSON.stringify(measurement.metrics);
  const verdict = el("span", comparison.verdict, { class: `verdict verdict-${comparison.verdict.replace(" ", "-")}` });
  const verdictLine = el("p", `Difference ${formatPercent(comparison.deltaPercent)}. Verdict: `, {
    class: "compare-verdict",
  });
  verdictLine.append(verdict, `. ${comparison.explanation}`);
  out.append(
    el(
      "p",
      `${payload.label}: yours ${formatNumber(value)} ${payload.unit}; published ${runtime} in ${payload.campaign}: ` +
        `mean ${formatNumber(comparison.published.mean)} ± ${formatNumber(comparison.published.sd)} (n ` +
        `${comparison.published.n}), 95% prediction interval ${formatNumber(comparison.published.prediction.low)} ` +
        `… ${formatNumber(comparison.published.prediction.high)}.`,
    ),
    verdictLine,
  );
  if (notes.length) {
    const list = el("ul", undefined, { class: "compare-notes" });
    for (const n of notes) list.append(el("li", n));
    out.append(el("p", "What differs from the published run:"), list);
  }
  const chart = el("div", undefined, {
    class: "chart compare-chart",
    role: "img",
    "aria-label":
      `${payload.label}: published runs per runtime, the 95% prediction interval of ${runtime}, and your ` +
      `run (${formatNumber(value)} ${payload.unit}).`,
  });
  chart.innerHTML = compareSvg({
    rows: Object.entries(payload.runtimes).map(([label, r]) => ({ label, values: r.values })),
    chosen: runtime,
    prediction: comparison.published.prediction,
    reader: value,
    unit: payload.unit,
  });
  out.append(chart);
}
