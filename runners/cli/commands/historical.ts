import { join } from "node:path";
import * as z from "zod";
import { ParityError } from "../../core/errors.ts";
import { guideFingerprint, guides } from "../../guides/index.ts";
import type { Campaign } from "../../schemas/campaign.ts";
import { labelSchema, METHOD_VERSION } from "../../schemas/common.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { writeDigests } from "../../store/digests.ts";
import { cliMeta } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";

/** The campaign with `guide` kept as history: allowed only once the guide's commands changed since it ran. */
async function keepGuide(store: CampaignStore, campaign: Campaign, guideId: string, reason: string): Promise<Campaign> {
  if (!campaign.guides.includes(guideId) || !(await store.guideExists(campaign.id, guideId)))
    throw new ParityError("INVALID_INPUT", {
      what: `Campaign "${campaign.id}" did not run guide "${guideId}"`,
      next: `name one of its guides: ${campaign.guides.join(", ")}`,
    });
  const result = await store.readGuide(campaign.id, guideId);
  if (guides.has(guideId) && guideFingerprint(guides.get(guideId), result.parameters) === result.fingerprint)
    throw new ParityError("INVALID_INPUT", {
      what: `Guide "${guideId}" of campaign "${campaign.id}" still measures what the current guide does`,
      next: "keep a guide as history only once its commands changed and a later campaign re-ran it",
    });
  return { ...campaign, historicalGuides: { ...campaign.historicalGuides, [guideId]: reason } };
}

export const historicalCommand = parityCommand({
  name: "historical",
  description:
    "Keep a campaign made with an older measurement method as history, with the reason (parity check then accepts " +
    "it); with --guide, only that guide of a campaign, once its commands changed and a later campaign re-ran it",
  options: z.object({
    campaign: z.string().describe("Campaign id").register(cliMeta, { positional: true }),
    reason: labelSchema(500).describe('Why it is kept, e.g. "superseded by 2026-12-01-local"'),
    guide: z.string().optional().describe("Keep only this guide of the campaign as history, e.g. memory"),
    data: dataOption,
  }),
  run: async (o) => {
    const store = new CampaignStore(join(dataDir(o.data), "campaigns"));
    const campaign = await store.readCampaign(o.campaign);
    if (!o.guide && (campaign.method ?? 1) >= METHOD_VERSION) {
      throw new ParityError("INVALID_INPUT", {
        what: `Campaign "${campaign.id}" was made with the current method (${METHOD_VERSION})`,
        next: "keep only campaigns of an older method as history, or one guide whose commands changed (--guide)",
      });
    }
    const kept = o.guide ? await keepGuide(store, campaign, o.guide, o.reason) : { ...campaign, historical: o.reason };
    await store.writeCampaign(kept);
    await writeDigests(store.dir(campaign.id));
    const what = o.guide ? `Guide ${o.guide} of campaign ${campaign.id}` : `Campaign ${campaign.id}`;
    process.stderr.write(`${what} is kept as history (method ${campaign.method ?? 1}): ${o.reason}\n`);
  },
});
