import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatPercent } from "../../runners/contracts/format-number.ts";
import { withDerivedMetrics } from "../../runners/guides/derived-metrics.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { readerBasis } from "../../runners/report/reader-basis.ts";
import { compareWithBasis } from "../../runners/report/reader-comparison.ts";
import { publishedSide } from "../../runners/stats/reader-compare.ts";
import { verdictSettings } from "../../runners/stats/sequential-plan.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { parity } from "../helpers/cli.ts";
import { fixture } from "../helpers/fixtures.ts";
import { isPublished, publishedCampaign, useBuiltSiteInChromium } from "../helpers/site-build.ts";

// "Compare your run" in real Chromium: the browser bundle's parser must read real outputs of
// several sysbench and cyclictest versions exactly as Node does, and say what it expected on bad input.
const repo = new URL("../../", import.meta.url).pathname;
const site = useBuiltSiteInChromium();

async function paste(page: Page, text: string, runtime: string) {
  // Set at once: typing a raw log of thousands of histogram lines would take longer than a hang limit.
  await page.locator(".compare-run textarea").evaluate((area: HTMLTextAreaElement, value) => {
    area.value = value;
  }, text);
  await page.selectOption(".compare-run select", runtime);
  // Forget the previous result, so that waiting sees this one.
  await page.evaluate(() => document.querySelector(".compare-result")?.removeAttribute("data-state"));
  await page.click(".compare-run .compare-button");
  await page.waitForSelector(".compare-result[data-state]");
}

describe("Compare your run (browser)", () => {
  // Every guide of the registry, with every real output it declares that reads as its primary
  // metric, compared against the published campaign's baseline (whatever campaign that is).
  // A guide with storage paths (I/O) draws only the path its output names: its panel is checked on
  // the published raw logs of each path below.
  const cases = guides
    .all()
    .filter((guide) => !guide.storage)
    .flatMap((guide) => {
      const primary = Object.entries(guide.metrics).find(([, m]) => m.primary)?.[0];
      return readdirSync(fileURLToPath(new URL(`../fixtures/${guide.fixtures}/`, import.meta.url)))
        .filter((file) => !file.endsWith(".md"))
        .map((file) => `${guide.fixtures}/${file}`)
        .filter((file) => {
          try {
            return typeof readOutput(guide, fixture(file), "probe").metrics[primary!] === "number";
          } catch {
            return false;
          }
        })
        .map((file) => [guide.id, file, primary!] as const);
    });
  const baselineOf = async (guideId: string) => (await publishedCampaign(guideId)).baseline;
  /** The basis `parity compare` builds for a guide's published campaign, compared on its baseline. */
  const nodeBasis = async (guideId: string) => {
    const guide = guides.get(guideId);
    const campaign = await publishedCampaign(guideId);
    const store = new CampaignStore(join(repo, "data", "campaigns"));
    const result = withDerivedMetrics(guide, await store.readGuide(campaign.id, guideId));
    const summaries = summarizeGuide(guide.metrics, result, verdictSettings(campaign, guideId));
    return { basis: readerBasis(guide, campaign, result, summaries)!, result, runtime: campaign.baseline };
  };

  it.each(cases)("%s: %s reads and compares exactly as in Node", async (guideId, file, metric) => {
    const text = fixture(file);
    const node = readOutput(guides.get(guideId), text, "your output");
    const { basis, result, runtime } = await nodeBasis(guideId);
    const expected = compareWithBasis(basis, [node], runtime, (p, k) => publishedSide(p.values, k)).comparison;

    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/${guideId}/`);
    await paste(page, text, runtime);
    const state = page.locator(".compare-result");
    expect(await state.getAttribute("data-state")).toBe("done");
    expect(JSON.parse((await state.getAttribute("data-metrics"))!)).toEqual(node.metrics);
    expect(metric).toBe(basis.metric);
    expect(await state.getAttribute("data-verdict")).toBe(expected.verdict);
    expect(await page.locator(".compare-verdict").textContent()).toContain(`Verdict: ${expected.verdict}.`);
    // The site's verdict words and badge, not a vocabulary of its own.
    expect(await page.locator(".compare-verdict .verdict").getAttribute("class")).toContain(
      `verdict-${expected.verdict.replace(" ", "-")}`,
    );
    // Every published main run as a dot, and the reader's run as a line.
    expect(await page.locator(".compare-chart svg circle.run").count()).toBe(
      result.measurements.filter((m) => m.arm === "main" && m.excluded === undefined).length,
    );
    expect(await page.locator(".compare-chart svg line.reader").count()).toBe(1);
    await page.close();
  });

  // The published record's own raw logs, pasted into each guide's panel and given to `parity compare`:
  // the same path (every storage path of I/O), the same verdict, the same difference.
  it.each(guides.ids())("%s: the panel and parity compare agree on each published raw log", async (guideId) => {
    if (!(await isPublished(guideId))) return;
    const campaign = await publishedCampaign(guideId);
    if (guideId === "startup" && campaign.target.kind === "kubernetes") return; // figures from lifecycle logs
    const { basis, result, runtime } = await nodeBasis(guideId);
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/${guideId}/`);
    let checked = 0;
    for (const path of Object.keys(basis.paths)) {
      const m = result.measurements.find(
        (x) => x.runtime === runtime && x.arm === "main" && (x.variant ?? "") === path && !x.excluded,
      );
      if (!m) continue;
      const file = join(repo, "data", "campaigns", campaign.id, m.steps[0]!.rawLog);
      const cli = await parity(["compare", guideId, file, "--runtime", runtime, "--json"]);
      expect(cli.code, cli.stderr).toBe(0);
      const byCli = JSON.parse(cli.stdout) as { verdict: string; deltaPercent: number; storage?: string };
      await paste(page, readFileSync(file, "utf8"), runtime);
      const state = page.locator(".compare-result");
      expect(await state.getAttribute("data-state"), `${guideId} ${path}`).toBe("done");
      expect(await state.getAttribute("data-path")).toBe(path);
      expect(byCli.storage ?? "").toBe(path);
      expect(await state.getAttribute("data-verdict"), `${guideId} ${path}`).toBe(byCli.verdict);
      expect(await page.locator(".compare-verdict").textContent()).toContain(
        `Difference ${formatPercent(byCli.deltaPercent)}.`,
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    await page.close();
  });

  it("fetches under 100 KB gzip of JavaScript on first use, and shows that it is loading meanwhile", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/cpu/`, { waitUntil: "networkidle" });
    const fetched: Promise<number>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") fetched.push(response.body().then((b) => gzipSync(b).length));
    });
    // Hold the panel's module back until the loading state has been seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/compare-client/, async (route) => {
      await held;
      await route.continue();
    });
    await page.fill(".compare-run textarea", fixture("sysbench/cpu_1.0.20_t2_system-luajit_this-machine.txt"));
    await page.click(".compare-run .compare-button");
    expect(await page.locator(".compare-result").getAttribute("aria-busy")).toBe("true");
    expect(await page.locator(".compare-result").textContent()).toMatch(/Loading/);
    expect(await page.locator(".compare-run .compare-button").isDisabled()).toBe(true);
    release();
    await page.waitForSelector(".compare-result[data-state=done]");
    const total = (await Promise.all(fetched)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100_000);
    await page.close();
  });

  it("shows each guide an example of its own tool's output", async () => {
    const page = await site.browser.newPage();
    const tool = {
      cpu: /sysbench/,
      memory: /sysbench/,
      io: /fio/,
      startup: /^requested /,
      jitter: /^# (Min|Histogram)|T: 0/m,
      noise: /oslat|Core:|Minimum:/,
    };
    for (const [guideId, pattern] of Object.entries(tool)) {
      await page.goto(`${site.url}/guides/${guideId}/`);
      expect(await page.locator(".compare-run textarea").getAttribute("placeholder"), guideId).toMatch(pattern);
    }
    await page.close();
  });

  it("names what differs (settings, threads, tool version)", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/cpu/`);
    await paste(
      page,
      fixture("sysbench/cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt"),
      await baselineOf("cpu"),
    );
    const notes = await page.locator(".compare-notes li").allTextContents();
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^maxPrime: yours is 20000, the published runs used 10000/),
        expect.stringMatching(/^tool version: yours is 1\.0\.19/),
      ]),
    );
    await page.close();
  });

  it("says what was expected when the pasted text is not a readable output", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/cpu/`);
    await paste(page, "hello, this is not sysbench\n", await baselineOf("cpu"));
    expect(await page.locator(".compare-result").getAttribute("data-state")).toBe("error");
    expect(await page.locator(".compare-error").textContent()).toMatch(
      /your output: cannot read it as a cpu output .*version banner/,
    );
    await paste(page, fixture("sysbench/memory_1.0.20_t1_system-luajit_sunknudsen.txt"), await baselineOf("cpu"));
    expect(await page.locator(".compare-error").textContent()).toMatch(
      /events per second.*is this a `sysbench cpu` output/,
    );
    await page.close();
  });
});
