import { defineCommand } from "citty";
import { join } from "node:path";
import { guides } from "../../guides/index.ts";
import { formatCampaignHeader, formatGuideSummary } from "../../report/format-summary.ts";
import { summarizeGuide } from "../../stats/summarize.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

export const showCommand = defineCommand({
  meta: { name: "show", description: "Print a campaign's summary: per guide, metric and runtime n, mean, sd, CV, delta to the baseline, verdict" },
  args: {
    campaign: { type: "positional", required: true, description: "Campaign id" },
    json: { type: "boolean", default: false, description: "Print the derived statistics as JSON instead of a table" },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      const campaign = await store.readCampaign(args.campaign);
      const sections: string[] = [formatCampaignHeader(campaign)];
      const json: Record<string, unknown> = {};
      for (const id of campaign.guides) {
        if (!(await store.guideExists(campaign.id, id))) {
          sections.push(`${id}: no results (the campaign stopped before this guide).`);
          continue;
        }
        const guide = guides.get(id);
        const result = await store.readGuide(campaign.id, id);
        json[id] = summarizeGuide(guide, result, { baseline: campaign.baseline, runtimes: campaign.runtimes, thresholdPercent: campaign.thresholdPercent });
        sections.push(formatGuideSummary(guide, result, campaign));
      }
      process.stdout.write(args.json ? `${JSON.stringify({ campaign: campaign.id, guides: json }, null, 2)}\n` : `${sections.join("\n\n")}\n`);
    }),
});
