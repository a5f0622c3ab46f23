import { execa } from "execa";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveStatic } from "./static-server.ts";

const repo = new URL("../../", import.meta.url).pathname;

/** Runs a real `astro build` into a temporary folder; `data` replaces the repository's data/. */
export async function buildSite(data?: string) {
  const out = await mkdtemp(join(tmpdir(), "parity-site-"));
  const build = await execa("npx", ["astro", "build"], { cwd: repo, env: { PARITY_OUT_DIR: out, ...(data ? { PARITY_DATA: data } : {}) }, reject: false, all: true });
  return { out, code: build.exitCode, log: String(build.all), remove: () => rm(out, { recursive: true, force: true }) };
}

/** Builds the committed data/ and serves it on loopback; fails loudly if the build does. */
export async function buildAndServe() {
  const site = await buildSite();
  if (site.code !== 0) throw new Error(`astro build failed:\n${site.log}`);
  const server = await serveStatic(site.out);
  return { url: server.url, close: async () => { await server.close(); await site.remove(); } };
}

/** A copy of the repository's data/ that a test may damage, and its removal. */
export async function copyOfData() {
  const data = await mkdtemp(join(tmpdir(), "parity-data-"));
  await cp(join(repo, "data"), data, { recursive: true });
  return { data, remove: () => rm(data, { recursive: true, force: true }) };
}
