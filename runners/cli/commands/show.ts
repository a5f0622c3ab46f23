import { join } from "node:path";
import * as z from "zod";
import { adaptiveRunsNote, guideSettleAdvice } from "../../plan/adaptive-runs.ts";
import { busyCampaignLead } from "../../plan/busy-campaign.ts";
import { formatAnswer } from "../../report/answer.ts";
import {
  formatCampaignHeader,
  formatGuideSummary,
  formatNotes,
  formatVerdictTable,
} from "../../report/format-summary.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { readCampaignSummaries } from "../../store/campaign-summaries.ts";
import { cliMeta } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";

export const showCommand = parityCommand({
  name: "show",
  description:
    "Print a campaign's summary: what each sandbox costs against the baseline in absolute figures and ratios, " +
    "what stayed open and why, one verdict per guide and comparison, then its notes grouped by kind (--verbose: " +
    "every table and note)",
  options: z.object({
    campaign: z.string().describe("Campaign id").register(cliMeta, { positional: true }),
    verbose: z
      .boolean()
      .default(false)
      .describe(
        "Every metric's table (n, geometric mean [95%], CV, Δ with the 90% interval that decides the verdict, " +
          "verdict) and " +
          "every note",
      ),
    json: z.boolean().default(false).describe("Print the derived statistics as JSON instead of a table"),
    data: dataOption,
  }),
  run: async (o) => {
    const store = new CampaignStore(join(dataDir(o.data), "campaigns"));
    const { campaign, guides: inputs, missing } = await readCampaignSummaries(store, o.campaign);
    if (o.json) {
      const json = Object.fromEntries(inputs.map(({ guide, summaries }) => [guide.id, summaries]));
      process.stdout.write(`${JSON.stringify({ campaign: campaign.id, guides: json }, null, 2)}\n`);
      return;
    }
    const busy = busyCampaignLead(inputs.map((g) => g.result));
    // How many rounds each adaptive guide needed, and what a guide stopped at the cap left open.
    const rounds = inputs
      .map(({ guide, result }) => [guide.id, adaptiveRunsNote(guide, result, campaign)] as const)
      .filter(([, note]) => note !== undefined)
      .map(([id, note]) => `${id}: ${note}`);
    // What to do about each guide left open: why (busy runs) and the next step.
    const advice = inputs
      .map(({ guide, result }) => guideSettleAdvice(guide, result, campaign))
      .filter((line) => line !== undefined);
    // The answer first, then what stayed open and what to do, then the campaign, its table and the warnings.
    const sections = [
      formatAnswer(campaign.baseline, inputs),
      ...(advice.length > 0 ? [["To settle what stayed open:", ...advice.map((a) => `  ${a}`)].join("\n")] : []),
      ...(busy ? [busy] : []),
      formatCampaignHeader(campaign),
      ...(rounds.length > 0 ? [rounds.join("\n")] : []),
      formatVerdictTable(campaign, inputs),
      ...missing,
    ];
    if (o.verbose) sections.push(...inputs.map(({ guide, result }) => formatGuideSummary(guide, result, campaign)));
    const notes = formatNotes(campaign, inputs, o.verbose);
    if (notes) sections.push(notes);
    process.stdout.write(`${sections.join("\n\n")}\n`);
  },
});
