import { join, resolve } from "node:path";
import { ParityError } from "../../runners/core/errors.ts";
import type { GuideDefinition } from "../../runners/guides/define-guide.ts";
import { guideFingerprint } from "../../runners/guides/index.ts";
import { groupReleases, type Release } from "../../runners/release/release-diff.ts";
import type { Campaign } from "../../runners/schemas/campaign.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";
import type { RuntimeProfiles } from "../../runners/schemas/runtime-profile.ts";
import type { MetricSummary } from "../../runners/stats/summarize.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { readCampaignSummaries } from "../../runners/store/campaign-summaries.ts";
import { checkCampaign } from "../../runners/store/check.ts";
import { pickPublished, pickPublishedForGuide, publishedRecord } from "../../runners/store/pick-published.ts";
import { parseProfiles } from "../../runners/targets/kubernetes/load-profiles.ts";
import shippedProfilesYaml from "../../runners/targets/kubernetes/runtimes.yaml?raw";

/** The files of a campaign folder the site publishes: its JSON, raw logs and digest manifest. */
export const PUBLISHED_FILE = /(\.(json|log)|(^|\/)SHA256SUMS)$/;

/** One guide's results in a campaign, with the statistics derived from them. */
export interface GuideView {
  guide: GuideDefinition;
  result: GuideResult;
  summaries: MetricSummary[];
  /** True when the guide's commands changed since the campaign ran: its numbers are stale. */
  stale: boolean;
}

/** A campaign as the site shows it. */
export interface CampaignView {
  campaign: Campaign;
  guides: GuideView[];
}

/** The results folder the site is built from: `PARITY_DATA` or the repository's `data/`. */
export function dataRoot(): string {
  return resolve(process.env.PARITY_DATA ?? "data");
}

let cache: Promise<CampaignView[]> | undefined;

/**
 * The site publishes only what `parity check` accepts: digests, every raw log re-parsed against
 * its numbers, runs complete, facts. A campaign with any problem fails the build, naming it and
 * each finding. Stale numbers alone do not: the page marks them.
 */
async function verify(store: CampaignStore, id: string): Promise<void> {
  const { problems } = await checkCampaign(store, id);
  if (problems.length === 0) return;
  throw new ParityError("INVALID_DATA", {
    what: `Campaign ${id} under ${store.display(store.dir(id))} fails parity check, so the site will not publish it`,
    evidence: problems.map((p) => `- ${p}`).join("\n"),
    next: "run `npx parity check` for the details, then re-run the campaign or remove it from data/",
  });
}

/**
 * bench/site.ts builds SYNTHETIC campaigns, whose raw logs are not tool outputs, to time the build at
 * scale; it times verification on its own. Only a data folder other than the repository's `data/` can
 * skip it, so published numbers are always verified.
 */
function skipsVerification(): boolean {
  if (process.env.PARITY_SYNTHETIC_UNVERIFIED !== "1") return false;
  if (dataRoot() === resolve("data"))
    throw new ParityError("INVALID_INPUT", {
      what: "PARITY_SYNTHETIC_UNVERIFIED is set for a build of the repository's data/",
      next: "unset it: only bench/site.ts sets it, for synthetic data in a temporary folder",
    });
  console.warn(`Not verifying the SYNTHETIC campaigns under ${dataRoot()} (bench/site.ts times verification apart).`);
  return true;
}

async function load(): Promise<CampaignView[]> {
  const store = campaignStore();
  const views: CampaignView[] = [];
  const unverified = skipsVerification();
  for (const id of await store.list()) {
    if (!unverified) await verify(store, id);
    // Any invalid file throws with its path and field: the build fails instead of showing it.
    const { campaign, guides } = await readCampaignSummaries(store, id);
    const stale = (g: (typeof guides)[number]) =>
      guideFingerprint(g.guide, g.result.parameters) !== g.result.fingerprint;
    views.push({ campaign, guides: guides.map((g) => ({ ...g, stale: stale(g) })) });
  }
  return views.sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt));
}

/** Every campaign under data/, oldest first, validated by the results schemas. */
export function loadCampaigns(): Promise<CampaignView[]> {
  cache ??= load();
  return cache;
}

/** The id of a metric's block on its guide page, for links from the home page. */
export function metricAnchor(guideId: string, metric: string): string {
  return `${guideId}-${metric}`.replace(/[^a-z0-9-]/gi, "-");
}

/**
 * A guide's published results, from the published record (pick-published.ts): its campaign that ran
 * that guide on `target`; without a target, on this machine (local) if the record ran it there, else
 * on a cluster. Guide pages show the local numbers first and a cluster's beside them.
 */
export async function publishedGuide(
  guideId: string,
  target?: Campaign["target"]["kind"],
): Promise<{ campaign: Campaign; view: GuideView } | undefined> {
  const all = await loadCampaigns();
  const published = target
    ? pickPublished(
        publishedRecord(all).filter((v) => v.campaign.target.kind === target),
        guideId,
      )
    : pickPublishedForGuide(all, guideId);
  const view = published?.guides.find((g) => g.guide.id === guideId);
  return published && view ? { campaign: published.campaign, view } : undefined;
}

/** The results store the site is built from. */
export function campaignStore(): CampaignStore {
  return new CampaignStore(join(dataRoot(), "campaigns"));
}

/** Site path of a campaign's page, optionally at one of its anchors. */
export function campaignPageUrl(campaignId: string, anchor?: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, "")}/campaigns/${campaignId}/${anchor ? `#${anchor}` : ""}`;
}

/** The anchor of a guide's table of every run on its campaign's page. */
export const runsAnchor = (guideId: string): string => `${guideId}-runs`;

/** Site path of a file inside a campaign folder (served by the downloads endpoint). */
export function campaignFileUrl(campaignId: string, relativePath: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, "")}/data/campaigns/${campaignId}/${relativePath}`;
}

let profiles: RuntimeProfiles | undefined;

/**
 * The shipped runtime profiles, parsed once per build. The file is bundled as source (like the
 * guides' definitions), so the build reads no file outside data/.
 */
export function shippedProfiles(): RuntimeProfiles {
  profiles ??= parseProfiles(shippedProfilesYaml, "runners/targets/kubernetes/runtimes.yaml");
  return profiles;
}

/** Every release among the published campaigns, oldest first. */
export async function siteReleases(): Promise<Release[]> {
  return groupReleases(await loadCampaigns());
}

/** The one download of a release: every campaign, raw logs and a SHA256SUMS over the whole. */
export function releaseArchiveUrl(label: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, "")}/releases/${label}.tar.gz`;
}

/** Site path of a release's page: what changed since the release before it. */
export function releasePageUrl(label: string): string {
  return `${import.meta.env.BASE_URL.replace(/\/$/, "")}/releases/${label}/`;
}

/**
 * Where readers find Parity's source: `PARITY_SOURCE_URL` (an https address) when the site is built
 * for publishing, or nothing. A malformed address fails the build rather than publishing a broken link.
 */
export function sourceUrl(): string | undefined {
  const url = process.env.PARITY_SOURCE_URL;
  if (url === undefined || url === "") return undefined;
  if (!/^https:\/\/[^\s"<>]+$/.test(url))
    throw new ParityError("INVALID_INPUT", {
      what: `PARITY_SOURCE_URL is "${url}", not an https address`,
      next: "set it to the repository's address, e.g. https://example.org/parity, or leave it unset",
    });
  return url;
}

/** The Parity commits that made the published record's numbers, newest campaign first. */
export async function publishedCommits(): Promise<string[]> {
  const record = publishedRecord(await loadCampaigns()).map((v) => v.campaign);
  record.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return [...new Set(record.flatMap((c) => (c.parity.commit ? [c.parity.commit.slice(0, 12)] : [])))];
}
