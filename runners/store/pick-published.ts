import type { Campaign } from "../schemas/campaign.ts";

/** What a campaign publishes in: its release, or, unlabelled (a reader's own run), a record of its own. */
const recordOf = (c: Campaign) => (c.release !== undefined ? `release ${c.release}` : `campaign ${c.id}`);

/**
 * The record the site, the exports and `parity compare` publish: the campaigns of the newest
 * release (the one whose latest campaign started last), or a newer unlabelled campaign alone (a
 * reader's own run is what they see). Complete, non-historical campaigns only, non-quick ones
 * unless there are no others. One record, never a mix of releases: a guide that record lacks is
 * not published from an older one.
 */
export function publishedRecord<T extends { campaign: Campaign }>(views: readonly T[]): T[] {
  const eligible = views.filter((v) => v.campaign.status === "complete" && !v.campaign.historical);
  const real = eligible.filter((v) => !v.campaign.quick);
  const pool = real.length > 0 ? real : eligible;
  const newest = [...pool].sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt)).at(-1);
  return newest ? pool.filter((v) => recordOf(v.campaign) === recordOf(newest.campaign)) : [];
}

/**
 * The campaign whose numbers are published: within the published record, the latest campaign; with
 * `guide`, the latest that ran that guide, never one that keeps it as history (`parity historical
 * ID --guide G`). Releases made before a release was one record hold several campaigns per target.
 */
export function pickPublished<T extends { campaign: Campaign }>(views: readonly T[], guide?: string): T | undefined {
  return publishedRecord(views)
    .filter((v) => guide === undefined || (v.campaign.guides.includes(guide) && !v.campaign.historicalGuides?.[guide]))
    .sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt))
    .at(-1);
}

/**
 * The campaign a guide's page publishes, and `parity compare` compares with: this machine's
 * (local) if the published record ran the guide there, else a cluster's.
 */
export function pickPublishedForGuide<T extends { campaign: Campaign }>(
  views: readonly T[],
  guide: string,
): T | undefined {
  const record = publishedRecord(views);
  const on = (kind: Campaign["target"]["kind"]) =>
    pickPublished(
      record.filter((v) => v.campaign.target.kind === kind),
      guide,
    );
  return on("local") ?? on("kubernetes");
}
