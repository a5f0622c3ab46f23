import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { Campaign } from "../../runners/schemas/campaign.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { pickPublishedForGuide } from "../../runners/store/pick-published.ts";
import { launchChromium } from "./browser.ts";
import { serveStatic } from "./static-server.ts";

const repo = new URL("../../", import.meta.url).pathname;

/** Runs a real `astro build` into a temporary folder; `data` replaces the repository's data/. */
export async function buildSite(data?: string) {
  const out = await mkdtemp(join(tmpdir(), "parity-site-"));
  const build = await execa("npx", ["astro", "build"], {
    cwd: repo,
    env: { PARITY_OUT_DIR: out, ...(data ? { PARITY_DATA: data } : {}) },
    reject: false,
    all: true,
  });
  return { out, code: build.exitCode, log: String(build.all), remove: () => rm(out, { recursive: true, force: true }) };
}

/** Builds `data` (the repository's data/ when absent) and serves it on loopback; fails loudly if the build does. */
export async function buildAndServe(data?: string) {
  const site = await buildSite(data);
  if (site.code !== 0) throw new Error(`astro build failed:\n${site.log}`);
  const server = await serveStatic(site.out);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await site.remove();
    },
  };
}

/** A copy of the repository's data/ that a test may damage, and its removal. */
export async function copyOfData() {
  const data = await mkdtemp(join(tmpdir(), "parity-data-"));
  await cp(join(repo, "data"), data, { recursive: true });
  return { data, remove: () => rm(data, { recursive: true, force: true }) };
}

/** A site built from a data folder, served, and opened in Chromium; `data` is that folder. */
export interface BuiltSite {
  url: string;
  browser: Browser;
  data: string;
}

/**
 * Builds and serves a site once per test file and opens Chromium; the handles are live after
 * beforeAll. `makeData` makes the data folder to build (removed afterwards); without it, the
 * repository's data/ as it is, whatever campaigns it holds.
 */
export function useBuiltSiteInChromium(makeData?: () => Promise<string>): BuiltSite {
  const site = {} as BuiltSite;
  let served: Awaited<ReturnType<typeof buildAndServe>> | undefined;
  beforeAll(async () => {
    site.data = makeData ? await makeData() : join(repo, "data");
    served = await buildAndServe(makeData ? site.data : undefined);
    site.url = served.url;
    site.browser = await launchChromium();
  });
  afterAll(async () => {
    await site.browser?.close();
    await served?.close();
    if (makeData && site.data) await rm(site.data, { recursive: true, force: true });
  });
  return site;
}

/** Whether the published record ran a guide at all (a guide just added has no campaign yet). */
export async function isPublished(guide: string, data = join(repo, "data")): Promise<boolean> {
  return (await pickFor(guide, data)) !== undefined;
}

/** The campaign a guide page publishes, picked as the site picks it, from `data` (the repository's by default). */
export async function publishedCampaign(guide: string, data = join(repo, "data")): Promise<Campaign> {
  const campaign = await pickFor(guide, data);
  if (!campaign) throw new Error(`No published campaign ran guide ${guide}: a test that needs one cannot run.`);
  return campaign;
}

async function pickFor(guide: string, data: string): Promise<Campaign | undefined> {
  const store = new CampaignStore(join(data, "campaigns"));
  const views = await Promise.all((await store.list()).map(async (id) => ({ campaign: await store.readCampaign(id) })));
  return pickPublishedForGuide(views, guide)?.campaign;
}
