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

/** Builds the committed data/ and serves it on loopback; fails loudly if the build does. */
export async function buildAndServe() {
  const site = await buildSite();
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

/** Builds and serves the committed site once per test file and opens Chromium; the handles are live after beforeAll. */
export function useBuiltSiteInChromium(): { url: string; browser: Browser } {
  const site = {} as { url: string; browser: Browser };
  let served: Awaited<ReturnType<typeof buildAndServe>> | undefined;
  beforeAll(async () => {
    served = await buildAndServe();
    site.url = served.url;
    site.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await site.browser?.close();
    await served?.close();
  });
  return site;
}

/** The campaign a guide page publishes, picked as the site picks it. */
export async function publishedCampaign(guide: string): Promise<Campaign> {
  const store = new CampaignStore(join(repo, "data", "campaigns"));
  const views = await Promise.all((await store.list()).map(async (id) => ({ campaign: await store.readCampaign(id) })));
  return pickPublishedForGuide(views, guide)!.campaign;
}
