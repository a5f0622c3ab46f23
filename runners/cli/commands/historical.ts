import { join } from "node:path";
import { defineCommand } from "citty";
import { ParityError } from "../../core/errors.ts";
import { friendlyParse } from "../../core/friendly-parse.ts";
import { labelSchema, METHOD_VERSION } from "../../schemas/common.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { writeDigests } from "../../store/digests.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

export const historicalCommand = defineCommand({
  meta: {
    name: "historical",
    description:
      "Keep a campaign made with an older measurement method as history, with the reason (parity check then accepts " +
      "it)",
  },
  args: {
    campaign: { type: "positional", required: true, description: "Campaign id" },
    reason: { type: "string", required: true, description: 'Why it is kept, e.g. "superseded by 2026-12-01-local"' },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      const campaign = await store.readCampaign(args.campaign);
      if ((campaign.method ?? 1) >= METHOD_VERSION) {
        throw new ParityError("INVALID_INPUT", {
          what: `Campaign "${campaign.id}" was made with the current method (${METHOD_VERSION})`,
          next: "keep only campaigns of an older method as history",
        });
      }
      const reason = friendlyParse(
        labelSchema(500),
        args.reason,
        "--reason",
        'give why it is kept, e.g. "superseded by 2026-12-01-local"',
        "INVALID_INPUT",
      );
      await store.writeCampaign({ ...campaign, historical: reason });
      await writeDigests(store.dir(campaign.id));
      process.stderr.write(`Campaign ${campaign.id} is kept as history (method ${campaign.method ?? 1}): ${reason}\n`);
    }),
});
