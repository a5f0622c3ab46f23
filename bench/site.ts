/**
 * Site benchmarks (never run during a build):
 * 1. build time for the committed data/, and for SYNTHETIC data sets of growing size
 *    (generated into a temporary folder, never published), printed per campaign; synthetic raw
 *    logs are not tool outputs, so those builds skip verification, which is timed on its own
 *    (`parity check` of each committed campaign) and added to the cost of each campaign;
 * 2. the bytes a guide page transfers in Chromium, split into HTML, CSS, JS, SVG and fonts.
 * Targets: a guide page's HTML and CSS under 50 KB gzip with no JavaScript needed to read it;
 * 50 campaigns built in 40 s or less on 2 cores, each added campaign costing 0.5 s or less.
 *
 *   npm run bench:site                   # sizes 10, 25, 50
 *   SIZES=5,10 npm run bench:site
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { execa } from "execa";
import { guides } from "../runners/guides/index.ts";
import { CampaignStore } from "../runners/store/campaign-store.ts";
import { checkCampaign } from "../runners/store/check.ts";
import { launchChromium } from "../test/helpers/browser.ts";
import { serveStatic } from "../test/helpers/static-server.ts";
import { writeSyntheticData } from "./synthetic-data.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const sizes = (process.env.SIZES ?? "10,25,50").split(",").map(Number);

async function timedBuild(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const build = await execa("npx", ["astro", "build"], { cwd: repo, env, reject: false, all: true });
  if (build.exitCode !== 0) throw new Error(`astro build failed:\n${build.all}`);
  return (performance.now() - started) / 1000;
}

const committedOut = await mkdtemp(join(tmpdir(), "parity-bench-site-"));
const committed = await timedBuild({ PARITY_OUT_DIR: committedOut });
console.log(`build, committed data/: ${committed.toFixed(1)} s`);

// What the site's verification (parity check) costs per campaign, on real campaigns.
const store = new CampaignStore(join(repo, "data", "campaigns"));
const ids = await store.list();
const checkStarted = performance.now();
for (const id of ids) await checkCampaign(store, id);
const verifySeconds = (performance.now() - checkStarted) / 1000 / ids.length;
console.log(`verification (parity check) per committed campaign: ${verifySeconds.toFixed(2)} s`);

console.log(`\nbuild time vs SYNTHETIC campaigns (${guides.ids().length} guides × 3 runtimes × 5 runs + A/A each)`);
console.log("campaigns  build s  s per campaign  (s − committed) per campaign");
const timings: Array<[number, number]> = [];
for (const n of sizes) {
  const data = await mkdtemp(join(tmpdir(), "parity-synthetic-"));
  const out = await mkdtemp(join(tmpdir(), "parity-synthetic-out-"));
  await writeSyntheticData(data, n);
  const seconds = await timedBuild({ PARITY_DATA: data, PARITY_OUT_DIR: out, PARITY_SYNTHETIC_UNVERIFIED: "1" });
  console.log(
    `${String(n).padStart(9)}  ${seconds.toFixed(1).padStart(7)}  ${(seconds / n).toFixed(3).padStart(14)}  ` +
      `${((seconds - committed) / n).toFixed(3).padStart(27)}`,
  );
  timings.push([n, seconds]);
  await rm(data, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
}
// The cost of one more campaign: the slope between the smallest and the largest set.
if (timings.length >= 2) {
  const [[n0, s0], [n1, s1]] = [timings[0]!, timings.at(-1)!];
  const slope = (s1 - s0) / (n1 - n0) + verifySeconds;
  const at50 = s1 + n1 * verifySeconds;
  console.log(`each added campaign, verified: ${slope.toFixed(2)} s (target ≤ 0.5 s): ${slope <= 0.5 ? "OK" : "OVER"}`);
  if (n1 === 50)
    console.log(`50 campaigns, verified: ${at50.toFixed(1)} s (target ≤ 40 s): ${at50 <= 40 ? "OK" : "OVER"}`);
}

// Page weight of a guide page, as Chromium loads it from a static server.
const server = await serveStatic(committedOut);
const browser = await launchChromium();
// Bytes are counted as served (uncompressed) and gzip-compressed (what a static host with
// compression transfers); the verdict uses the compressed total.
console.log("\npage weight in bytes, uncompressed / gzip (inline SVG charts are part of the HTML)");
console.log("page              HTML            inline SVG        CSS              JS               fonts   total");
for (const path of [...guides.ids().map((id) => `/guides/${id}/`), "/"]) {
  const page = await browser.newPage();
  const raw: Record<string, number> = { html: 0, css: 0, js: 0, font: 0, other: 0 };
  const gz: Record<string, number> = { html: 0, css: 0, js: 0, font: 0, other: 0 };
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    pending.push(
      response.body().then(
        (body) => {
          const type = response.request().resourceType();
          const key =
            type === "document"
              ? "html"
              : type === "stylesheet"
                ? "css"
                : type === "script"
                  ? "js"
                  : type === "font"
                    ? "font"
                    : "other";
          raw[key]! += body.length;
          gz[key]! += gzipSync(body).length;
        },
        () => undefined,
      ),
    );
  });
  await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
  await Promise.all(pending);
  const svg = await page.evaluate(() =>
    Array.from(document.querySelectorAll("figure.chart svg")).map((e) => e.outerHTML),
  );
  const svgRaw = svg.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const svgGz = svg.reduce((n, t) => n + gzipSync(t).length, 0);
  const cell = (k: string) => `${raw[k]} / ${gz[k]}`.padEnd(16);
  const totalRaw = Object.values(raw).reduce((a, b) => a + b, 0);
  const totalGz = Object.values(gz).reduce((a, b) => a + b, 0);
  const readable = gz.html! + gz.css!;
  const verdict = path.startsWith("/guides/")
    ? `HTML+CSS ${(readable / 1000).toFixed(1)} KB gzip: ${readable <= 50_000 ? "OK (≤ 50 KB)" : "OVER 50 KB"}`
    : "";
  console.log(
    `${path.padEnd(17)} ${cell("html")} ${`${svgRaw} / ${svgGz}`.padEnd(17)} ${cell("css")} ${cell("js")} ` +
      `${String(raw.font).padEnd(7)} ${totalRaw} / ${totalGz}  ${verdict}`,
  );
  await page.close();
}
console.log(
  "JS is Starlight's: the search UI (loaded when the browser is idle), theme and table-of-contents helpers; no chart " +
    "or table needs it.",
);
await browser.close();
await server.close();
await rm(committedOut, { recursive: true, force: true });
