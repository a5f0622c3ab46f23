import type { GuideDefinition } from "../guides/define-guide.ts";
import { VERDICT_LABEL } from "../report/format.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { NOT_SETTLED_BY_RUNS, runsToSettle } from "../stats/runs-to-settle.ts";
import { verdictSettings } from "../stats/sequential-plan.ts";
import { comparisonLabel, type MetricSummary, summarizeGuide } from "../stats/summarize.ts";

/** What more runs would do for an open cell at its measured variation (runs-to-settle.ts). */
function outlook(n: number | undefined): string {
  return n === undefined
    ? NOT_SETTLED_BY_RUNS
    : `about ${n} runs per runtime would settle it (80% power at this variation)`;
}

/**
 * Primary cells still open: comparisons on a primary metric inconclusive or held at the noise floor,
 * each with what more runs would do for it.
 */
function openCells(summaries: readonly MetricSummary[], baseline: string, thresholdPercent: number): string[] {
  return summaries
    .filter((s) => s.primary)
    .flatMap((s) =>
      s.runtimes
        .filter((r) => r.comparison?.verdict === "inconclusive" || r.comparison?.verdict === "noise-floor")
        .map(
          (r) =>
            `${comparisonLabel(r, baseline)}, ${s.label}${s.variant ? ` (${s.variant})` : ""}: ` +
            `${VERDICT_LABEL[r.comparison!.verdict]}, ` +
            outlook(runsToSettle(r.comparison!, s.noiseFloor, thresholdPercent)),
        ),
    );
}

/** The guide's primary cells not settled yet (empty once every primary verdict is settled). */
export function unsettledCells(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string[] {
  return openCells(
    summarizeGuide(guide.metrics, result, verdictSettings(campaign, guide.id)),
    campaign.baseline,
    campaign.thresholdPercent,
  );
}

/**
 * How many rounds an adaptive guide (--until-conclusive) needed and, when it reached the cap, which
 * primary cells it left open; undefined for a campaign with a fixed number of runs.
 */
export function adaptiveRunsNote(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string | undefined {
  if (campaign.maxRuns === undefined) return undefined;
  const runs = campaign.guideRuns?.[guide.id] ?? campaign.runs;
  const open = unsettledCells(guide, result, campaign);
  const head = `${runs} runs per runtime, adaptive (--until-conclusive, at most ${campaign.maxRuns})`;
  if (open.length === 0) return `${head}: every primary verdict settled`;
  return runs >= campaign.maxRuns
    ? `${head}: stopped unsettled at the cap; still open: ${open.join("; ")}`
    : result.warnings.some((w) => w.code === "time-budget")
      ? `${head}: stopped before the cap, at the release's time budget, with ${open.join("; ")}`
      : `${head}: stopped before the cap with ${open.join("; ")} (interrupted, or resumed without more rounds)`;
}
