import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { APIRoute, GetStaticPaths } from "astro";
import { releaseArchive } from "../../../runners/release/release-archive.ts";
import { campaignStore, PUBLISHED_FILE, siteReleases } from "../../lib/site-data.ts";

/** One download per release: every campaign of it, raw logs included, and one SHA256SUMS over the whole. */
export const getStaticPaths: GetStaticPaths = async () =>
  (await siteReleases()).map((r) => ({ params: { label: r.label } }));

export const GET: APIRoute = async ({ params }) => {
  const release = (await siteReleases()).find((r) => r.label === params.label)!;
  const store = campaignStore();
  const root = `parity-${release.label}`;
  const entries = [];
  for (const { campaign } of release.campaigns)
    for (const file of (await store.files(campaign.id)).filter((f) => PUBLISHED_FILE.test(f)))
      entries.push({
        path: `${root}/${campaign.id}/${file}`,
        bytes: new Uint8Array(await readFile(join(store.dir(campaign.id), file))),
      });
  // The archive's time is the release's last finish, so that a rebuild gives the same bytes.
  const finished = release.campaigns.map((c) => Date.parse(c.campaign.finishedAt ?? c.campaign.startedAt));
  const archive = releaseArchive(entries, root, Math.floor(Math.max(...finished) / 1000));
  return new Response(gzipSync(archive, { level: 9 }), { headers: { "Content-Type": "application/gzip" } });
};
