import { withDerivedMetrics } from "../guides/derived-metrics.ts";
import { guides } from "../guides/index.ts";
import type { GuideSummaryInput } from "../report/format-summary.ts";
import type { Campaign } from "../schemas/campaign.ts";
import { verdictSettings } from "../stats/sequential-plan.ts";
import { summarizeGuide } from "../stats/summarize.ts";
import type { CampaignStore } from "./campaign-store.ts";

/** A campaign with each of its guides' results and statistics, as `show`, `export` and the site read it. */
export interface CampaignSummaries {
  campaign: Campaign;
  guides: GuideSummaryInput[];
  /** One line per guide the campaign lists but has no results for (it stopped before them). */
  missing: string[];
}

/** Reads a campaign and derives its statistics once, for every report made from it. */
export async function readCampaignSummaries(store: CampaignStore, id: string): Promise<CampaignSummaries> {
  const campaign = await store.readCampaign(id);
  const inputs: GuideSummaryInput[] = [];
  const missing: string[] = [];
  for (const guideId of campaign.guides) {
    if (!guides.has(guideId)) {
      missing.push(`${guideId}: a guide this version of Parity does not define.`);
      continue;
    }
    if (!(await store.guideExists(campaign.id, guideId))) {
      missing.push(`${guideId}: no results (the campaign stopped before this guide).`);
      continue;
    }
    const guide = guides.get(guideId);
    const result = withDerivedMetrics(guide, await store.readGuide(campaign.id, guideId));
    inputs.push({
      guide,
      result,
      summaries: summarizeGuide(guide.metrics, result, verdictSettings(campaign, guideId)),
    });
  }
  return { campaign, guides: inputs, missing };
}
