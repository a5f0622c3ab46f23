import { join } from "node:path";
import * as z from "zod";
import { toBmf } from "../../report/bmf.ts";
import { measurementsCsv } from "../../report/csv.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { readCampaignSummaries } from "../../store/campaign-summaries.ts";
import { cliMeta } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";

export const exportCommand = parityCommand({
  name: "export",
  description:
    "Print a campaign's numbers for other tools: Bencher Metric Format JSON (bmf) or every measurement as CSV (csv)",
  options: z.object({
    campaign: z.string().describe("Campaign id").register(cliMeta, { positional: true }),
    format: z
      .enum(["bmf", "csv"], { error: "use bmf or csv" })
      .default("bmf")
      .describe(
        "bmf (per guide, metric, storage mode and runtime: the geometric mean with its 95% interval and the Δ with " +
          "its 90% interval, as the site shows them) or csv",
      )
      .register(cliMeta, { valueHint: "bmf|csv" }),
    data: dataOption,
  }),
  run: async (o) => {
    const store = new CampaignStore(join(dataDir(o.data), "campaigns"));
    const { campaign, guides } = await readCampaignSummaries(store, o.campaign);
    process.stdout.write(
      o.format === "bmf"
        ? `${JSON.stringify(toBmf(guides.map((g) => ({ guideId: g.guide.id, summaries: g.summaries }))), null, 2)}\n`
        : measurementsCsv(
            campaign.id,
            guides.map((g) => g.result),
          ),
    );
  },
});
