import { join } from "node:path";
import { defineCommand } from "citty";
import { ParityError } from "../../core/errors.ts";
import { friendlyParse } from "../../core/friendly-parse.ts";
import { guideFingerprint, guides } from "../../guides/index.ts";
import type { Campaign } from "../../schemas/campaign.ts";
import { labelSchema, METHOD_VERSION } from "../../schemas/common.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { writeDigests } from "../../store/digests.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

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

export const historicalCommand = defineCommand({
  meta: {
    name: "historical",
    description:
      "Keep a campaign made with an older measurement method as history, with the reason (parity check then accepts " +
      "it); with --guide, only that guide of a campaign, once its commands changed and a later campaign re-ran it",
  },
  args: {
    campaign: { type: "positional", required: true, description: "Campaign id" },
    reason: { type: "string", required: true, description: 'Why it is kept, e.g. "superseded by 2026-12-01-local"' },
    guide: { type: "string", description: "Keep only this guide of the campaign as history, e.g. memory" },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      const campaign = await store.readCampaign(args.campaign);
      if (!args.guide && (campaign.method ?? 1) >= METHOD_VERSION) {
        throw new ParityError("INVALID_INPUT", {
          what: `Campaign "${campaign.id}" was made with the current method (${METHOD_VERSION})`,
          next: "keep only campaigns of an older method as history, or one guide whose commands changed (--guide)",
        });
      }
      const reason = friendlyParse(
        labelSchema(500),
        args.reason,
        "--reason",
        'give why it is kept, e.g. "superseded by 2026-12-01-local"',
        "INVALID_INPUT",
      );
      const kept = args.guide
        ? await keepGuide(store, campaign, args.guide, reason)
        : { ...campaign, historical: reason };
      await store.writeCampaign(kept);
      await writeDigests(store.dir(campaign.id));
      const what = args.guide ? `Guide ${args.guide} of campaign ${campaign.id}` : `Campaign ${campaign.id}`;
      process.stderr.write(`${what} is kept as history (method ${campaign.method ?? 1}): ${reason}\n`);
    }),
});
