import { join } from "node:path";
import { defineCommand } from "citty";
import { ParityError } from "../../core/errors.ts";
import { toBmf } from "../../report/bmf.ts";
import { measurementsCsv } from "../../report/csv.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { readCampaignSummaries } from "../../store/campaign-summaries.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

const FORMATS = ["bmf", "csv"] as const;

export const exportCommand = defineCommand({
  meta: {
    name: "export",
    description:
      "Print a campaign's numbers for other tools: Bencher Metric Format JSON (bmf) or every measurement as CSV (csv)",
  },
  args: {
    campaign: { type: "positional", required: true, description: "Campaign id" },
    format: {
      type: "string",
      default: "bmf",
      description:
        "bmf (per guide, metric, storage mode and runtime: the mean with its 95% interval and the Δ with its 90% " +
        "interval, as the site shows them) or csv",
      valueHint: "bmf|csv",
    },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      if (!(FORMATS as readonly string[]).includes(args.format)) {
        throw new ParityError("INVALID_INPUT", {
          what: `--format ${args.format} is not an export format`,
          next: `use one of: ${FORMATS.join(", ")}`,
        });
      }
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      const { campaign, guides } = await readCampaignSummaries(store, args.campaign);
      process.stdout.write(
        args.format === "bmf"
          ? `${JSON.stringify(toBmf(guides.map((g) => ({ guideId: g.guide.id, summaries: g.summaries }))), null, 2)}\n`
          : measurementsCsv(
              campaign.id,
              guides.map((g) => g.result),
            ),
      );
    }),
});
