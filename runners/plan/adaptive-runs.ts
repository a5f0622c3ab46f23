import type { GuideDefinition } from "../guides/define-guide.ts";
import { VERDICT_LABEL } from "../report/format.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { levelLabel } from "../stats/compare.ts";
import { halfWidthPoints, measuredRange } from "../stats/measured-range.ts";
import { guideLook, guidePlan, guideRunsReached, verdictSettings } from "../stats/sequential-plan.ts";
import { comparisonLabel, type MetricSummary, summarizeGuide } from "../stats/summarize.ts";
import { BUSY_CAMPAIGN_SHARE, busyRuns } from "./busy-campaign.ts";

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

/** What decides how an open guide can still settle: its busy runs, where its plan stands, and its campaign. */
export interface SettleFacts {
  campaign: string;
  guide: string;
  /** Primary cells still open. */
  open: number;
  busy: number;
  runs: number;
  /** Runs per runtime reached, and the looks of its plan (undefined: no recorded plan). */
  reached: number;
  looks?: readonly number[];
}

/**
 * What to do about a guide whose primary cells stayed open: why it may have (the share of busy runs) and
 * the next step. A campaign of fixed runs has no plan: an adaptive one settles more. While its plan has looks
 * left, `--resume` runs them, and the line says how many runs per runtime that is; once the plan is spent, a
 * quieter machine (when the runs were busy) or a new campaign.
 */
export function settleAdvice(f: SettleFacts): string | undefined {
  if (f.open === 0) return undefined;
  const share = f.runs > 0 ? Math.round((f.busy / f.runs) * 100) : 0;
  const cells = `${f.open} primary cell${f.open === 1 ? "" : "s"} open`;
  const why = `${f.guide} (${cells}): ${f.busy} of ${f.runs} runs (${share}%) ran on a busy machine`;
  if (!f.looks)
    return (
      `${why}; it ran a fixed ${f.reached} run(s) per runtime: run it again without \`--quick\` or ` +
      "`--no-until-conclusive`, so that a sequential plan adds looks until it settles"
    );
  const left = f.looks.filter((l) => l > f.reached);
  if (left.length > 0)
    return (
      `${why}; \`npx parity run --resume --campaign ${f.campaign}\` runs the plan's remaining looks ` +
      `(at ${left.join(", ")} runs per runtime: up to ${left.at(-1)! - f.reached} more runs of each)`
    );
  if (share >= BUSY_CAMPAIGN_SHARE * 100)
    return (
      `${why}; its plan is spent: run it again on a quieter machine ` +
      `(\`npx parity run ${f.guide} --campaign NEW-ID\`)`
    );
  return (
    `${why}; its plan is spent on a quiet machine, so the difference is closer to the threshold than ` +
    `${f.reached} runs per runtime resolve: a new campaign with later looks (\`--looks\`, \`--max-runs\`) narrows it`
  );
}

/** The advice for one guide of a campaign, from its results. */
export function guideSettleAdvice(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string | undefined {
  const { busy, runs } = busyRuns([result]);
  return settleAdvice({
    campaign: campaign.id,
    guide: guide.id,
    open: unsettledCells(guide, result, campaign).length,
    busy,
    runs,
    reached: guideRunsReached(campaign, guide.id),
    // A campaign of fixed runs records a one-look plan, which --resume cannot extend.
    ...(campaign.maxRuns !== undefined && campaign.sequential?.looks[guide.id]
      ? { looks: campaign.sequential.looks[guide.id] }
      : {}),
  });
}
