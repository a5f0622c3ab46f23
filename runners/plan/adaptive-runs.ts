import type { GuideDefinition } from "../guides/define-guide.ts";
import { VERDICT_LABEL } from "../report/format.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { levelLabel } from "../stats/compare.ts";
import { halfWidthPoints, measuredRange } from "../stats/measured-range.ts";
import { guideLook, guidePlan, guideRunsReached, verdictSettings } from "../stats/sequential-plan.ts";
import { comparisonLabel, type MetricSummary, summarizeGuide } from "../stats/summarize.ts";

const SPENDING_NAME = { "obrien-fleming": "O'Brien–Fleming-type", pocock: "Pocock-type" } as const;

/** Primary cells still open (inconclusive, or held at the noise floor), each as its measured range and precision. */
function openCells(summaries: readonly MetricSummary[], baseline: string): string[] {
  return summaries
    .filter((s) => s.primary)
    .flatMap((s) =>
      s.runtimes
        .filter((r) => r.comparison?.verdict === "inconclusive" || r.comparison?.verdict === "noise-floor")
        .map((r) => {
          const c = r.comparison!;
          const against = r.role === "reference" ? r.runtime : baseline;
          return (
            `${comparisonLabel(r, baseline)}, ${s.label}${s.variant ? ` (${s.variant})` : ""}: ` +
            `${VERDICT_LABEL[c.verdict]}, ${measuredRange(c.tostIntervalPercent, against)} ` +
            `(${levelLabel(c.tostIntervalPercent)} interval, ` +
            `±${halfWidthPoints(c.tostIntervalPercent).toFixed(1)} points)`
          );
        }),
    );
}

/** The guide's primary cells not settled yet (empty once every primary verdict is settled). */
export function unsettledCells(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string[] {
  return openCells(summarizeGuide(guide.metrics, result, verdictSettings(campaign, guide.id)), campaign.baseline);
}

/**
 * How an adaptive guide (--until-conclusive) went: its plan, the look it stopped at and, when it
 * stopped open, which primary cells and how precisely they are known; undefined for a campaign
 * with a fixed number of runs.
 */
export function adaptiveRunsNote(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string | undefined {
  if (campaign.maxRuns === undefined) return undefined;
  const runs = guideRunsReached(campaign, guide.id);
  const open = unsettledCells(guide, result, campaign);
  const plan = guidePlan(campaign, guide.id);
  const head = campaign.sequential
    ? `${runs} runs per runtime, group-sequential (looks at ${plan.looks.join(", ")} runs, ` +
      `${SPENDING_NAME[plan.spending]} α spending; verdicts at the ` +
      `${levelLabel({ level: 1 - 2 * guideLook(campaign, guide.id).nominalAlpha })} interval of the look reached)`
    : `${runs} runs per runtime, adaptive (--until-conclusive, at most ${campaign.maxRuns}) without a sequential ` +
      "plan: its repeated looks were made at the 90% interval each, so its error rate is above the nominal one";
  if (open.length === 0) return `${head}: every primary verdict settled`;
  if (runs >= plan.looks.at(-1)!)
    return `${head}: stopped open at the plan's last look; still open: ${open.join("; ")}`;
  return result.warnings.some((w) => w.code === "time-budget")
    ? `${head}: stopped before the plan's last look, at the release's time budget, with ${open.join("; ")}`
    : `${head}: stopped before the plan's last look with ${open.join("; ")} (interrupted, or resumed without more ` +
        "looks)";
}
