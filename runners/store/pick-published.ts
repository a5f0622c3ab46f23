import type { Campaign } from "../schemas/campaign.ts";

/**
 * The campaign whose numbers are published: the latest complete, non-quick one (a quick one
 * if there is nothing else); with `guide`, the latest such campaign that ran that guide.
 * Historical campaigns (an older method, kept as history) are never published, nor a campaign's
 * guides kept as history (`parity historical ID --guide G`).
 */
export function pickPublished<T extends { campaign: Campaign }>(views: readonly T[], guide?: string): T | undefined {
  const complete = views
    .filter(
      (v) =>
        v.campaign.status === "complete" &&
        !v.campaign.historical &&
        (guide === undefined || (v.campaign.guides.includes(guide) && !v.campaign.historicalGuides?.[guide])),
    )
    .sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt));
  return complete.filter((v) => !v.campaign.quick).at(-1) ?? complete.at(-1);
}

/**
 * The campaign a guide's page publishes, and `parity compare` compares with: this machine's
 * (local) if any campaign ran the guide there, else a cluster's.
 */
export function pickPublishedForGuide<T extends { campaign: Campaign }>(
  views: readonly T[],
  guide: string,
): T | undefined {
  const on = (kind: Campaign["target"]["kind"]) =>
    pickPublished(
      views.filter((v) => v.campaign.target.kind === kind),
      guide,
    );
  return on("local") ?? on("kubernetes");
}
