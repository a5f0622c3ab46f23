/**
 * The "Compare your run" panel, in the browser: the pasted text is read by the same pure
 * parser module the runner uses and compared by the same function as `parity compare`
 * (`compareWithBasis`), on the basis the page embeds, then drawn as a small SVG. Nothing leaves
 * the page.
 */

import { formatNumber, formatPercent } from "../../runners/contracts/format-number.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { compareWithBasis, type ReaderBasis } from "../../runners/report/reader-comparison.ts";
import { compareSvg } from "./compare-svg.ts";

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
  const basis = JSON.parse(
    section.querySelector<HTMLScriptElement>("script.compare-data")!.textContent!,
  ) as ReaderBasis;
  const text = section.querySelector<HTMLTextAreaElement>("textarea")!.value;
  const runtime = section.querySelector<HTMLSelectElement>("select")!.value;
  const out = section.querySelector<HTMLElement>(".compare-result")!;
  out.replaceChildren();
  delete out.dataset.state;
  let outcome: ReturnType<typeof compareWithBasis>;
  let metrics: Record<string, number | string>;
  try {
    const measurement = readOutput(guides.get(basis.guide), text, "your output");
    metrics = measurement.metrics;
    outcome = compareWithBasis(basis, [measurement], runtime, (published) => published.oneRun!);
  } catch (error) {
    out.dataset.state = "error";
    out.append(el("p", (error as Error).message, { class: "compare-error", role: "alert" }));
    return;
  }
  const { comparison, notes, path } = outcome;
  const value = outcome.mine[0]!;
  const label = `${basis.label}${path ? ` (${path})` : ""}`;
  out.dataset.state = "done";
  out.dataset.verdict = comparison.verdict;
  out.dataset.path = path;
  out.dataset.metrics = JSON.stringify(metrics);
  const verdict = el("span", comparison.verdict, { class: `verdict verdict-${comparison.verdict.replace(" ", "-")}` });
  const verdictLine = el("p", `Difference ${formatPercent(comparison.deltaPercent)}. Verdict: `, {
    class: "compare-verdict",
  });
  verdictLine.append(verdict, `. ${comparison.explanation}`);
  out.append(
    el(
      "p",
      `${label}: yours ${formatNumber(value)} ${basis.unit}; published ${runtime} in ${basis.campaign}: ` +
        `geometric mean ${formatNumber(comparison.published.mean)} (sd ${formatNumber(comparison.published.sd)}, n ` +
        `${comparison.published.n}), 95% prediction interval ${formatNumber(comparison.published.prediction.low)} ` +
        `… ${formatNumber(comparison.published.prediction.high)}.`,
    ),
    verdictLine,
  );
  if (notes.length) {
    const list = el("ul", undefined, { class: "compare-notes" });
    for (const n of notes) list.append(el("li", n.replace(/^your output: /, "")));
    out.append(el("p", "What differs from the published run:"), list);
  }
  const chart = el("div", undefined, {
    class: "chart compare-chart",
    role: "img",
    "aria-label":
      `${label}: published runs per runtime, the 95% prediction interval of ${runtime}, and your ` +
      `run (${formatNumber(value)} ${basis.unit}).`,
  });
  chart.innerHTML = compareSvg({
    rows: Object.entries(basis.paths[path]!).map(([name, r]) => ({ label: name, values: r.values })),
    chosen: runtime,
    prediction: comparison.published.prediction,
    reader: value,
    unit: basis.unit,
  });
  out.append(chart);
}
