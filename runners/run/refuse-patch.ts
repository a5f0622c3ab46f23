import { ParityError } from "../core/errors.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import type { CampaignOptions } from "./run-context.ts";

/**
 * Refuses to add a campaign to a release that already has one on this kind of target: a release
 * is one record, and re-measuring makes a new release, never a patch of an old one.
 */
export async function refusePatch(store: CampaignStore, options: CampaignOptions, kind: Campaign["target"]["kind"]) {
  if (!options.release || options.resume) return;
  for (const id of await store.list()) {
    if (id === options.id) continue;
    const other = await store.readCampaign(id).catch(() => undefined);
    if (other?.release === options.release && other.target.kind === kind && !other.historical)
      throw new ParityError("CAMPAIGN_EXISTS", {
        what: `Release ${options.release} already has campaign ${id} on the ${kind} target`,
        next:
          "re-measuring makes a new release, never a patch of an old one: choose a new label, or complete that " +
          `campaign with \`parity run --resume --campaign ${id}\``,
      });
  }
}
