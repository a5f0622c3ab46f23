import { groupReleases, type Release } from "../release/release-diff.ts";
import type { CampaignStore } from "./campaign-store.ts";
import { readCampaignSummaries } from "./campaign-summaries.ts";

/** Every release in the store, oldest first, each with its campaigns' statistics. */
export async function readReleases(store: CampaignStore): Promise<Release[]> {
  const campaigns = [];
  for (const id of await store.list()) campaigns.push(await readCampaignSummaries(store, id));
  return groupReleases(campaigns);
}
