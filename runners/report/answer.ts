import { formatNumber } from "../contracts/format-number.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import { geometricMean } from "../stats/descriptive.ts";
import { measuredRange } from "../stats/measured-range.ts";
import type { MetricSummary, RuntimeSummary } from "../stats/summarize.ts";
import { VERDICT_LABEL } from "./format.ts";

/** One primary comparison of a sandbox against the baseline, as the answer states it. */
export interface AnswerCell {
  guide: GuideDefinition;
  summary: MetricSummary;
  runtime: RuntimeSummary;
}

/** A side's typical value as the comparison sees it (the ratio is of geometric means), with its unit. */
function typical(values: readonly number[], unit: string): string {
  return `${formatNumber(geometricMean(values))} ${unit}`;
}

/**
 * A cell in the reader's words, the same in the CLI and on the site: "gvisor vs runc, System calls
 * (perf bench), getppid() call: X ns vs Y ns, A–B× runc's (worse)"; an open cell says why it is open.
 */
export function answerLine(cell: AnswerCell, baseline: string, options: { label?: boolean } = {}): string {
  const { guide, summary: s, runtime: r } = cell;
  const c = r.comparison!;
  const base = s.runtimes.find((x) => x.role === "baseline")!;
  const what = `${r.runtime} vs ${baseline}, ${guide.title}, ${s.label}${s.variant ? ` (${s.variant})` : ""}`;
  const figures = `${typical(r.values, s.unit)} vs ${typical(base.values, s.unit)}`;
  const range = `${what}: ${figures}, ${measuredRange(c.tostIntervalPercent, baseline)}`;
  // An open cell's hint starts with its label and says why it is open.
  if (c.verdict === "inconclusive" || c.verdict === "noise-floor") return `${range}; ${c.hint}`;
  // Where the verdict shows beside the line (a badge on the site), the words end with the range.
  if (options.label === false) return c.verdict === "equivalent" ? `${range}: no measurable cost` : range;
  return `${range} (${c.verdict === "equivalent" ? "equivalent: no measurable cost" : VERDICT_LABEL[c.verdict]})`;
}

const settled = (c: AnswerCell) => ["worse", "better", "equivalent"].includes(c.runtime.comparison!.verdict);
/** How far a cell's ratio is from 1, either way, for ordering costs by size. */
const size = (c: AnswerCell) => Math.abs(Math.log1p(c.runtime.comparison!.deltaPercent / 100));

/**
 * The answer: each sandbox's primary comparisons against the baseline, settled ones first, biggest
 * first (equivalent ones last among them), then the open ones with why each is open. The reference
 * (runc against a bare host process) is not a sandbox's cost and is left to the tables.
 */
export function answerCells(inputs: ReadonlyArray<{ guide: GuideDefinition; summaries: readonly MetricSummary[] }>): {
  settled: AnswerCell[];
  open: AnswerCell[];
} {
  const cells = inputs.flatMap(({ guide, summaries }) =>
    summaries
      .filter((s) => s.primary)
      .flatMap((summary) =>
        summary.runtimes
          .filter((runtime) => runtime.role === "candidate" && runtime.comparison)
          .map((runtime) => ({ guide, summary, runtime })),
      ),
  );
  const rank = (c: AnswerCell) => (c.runtime.comparison!.verdict === "equivalent" ? 1 : 0);
  return {
    settled: cells.filter(settled).sort((a, b) => rank(a) - rank(b) || size(b) - size(a)),
    open: cells.filter((c) => !settled(c) && c.runtime.comparison!.verdict !== "descriptive"),
  };
}

/** The answer as `parity show` leads with it. */
export function formatAnswer(
  baseline: string,
  inputs: ReadonlyArray<{ guide: GuideDefinition; summaries: readonly MetricSummary[] }>,
): string {
  const { settled: known, open } = answerCells(inputs);
  const lines = [`What each sandbox costs against ${baseline} (primary metrics, biggest first):`];
  lines.push(...(known.length > 0 ? known.map((c) => `  ${answerLine(c, baseline)}`) : ["  (nothing settled yet)"]));
  if (open.length > 0) {
    lines.push("Still open, and why:");
    lines.push(...open.map((c) => `  ${answerLine(c, baseline)}`));
  }
  return lines.join("\n");
}
