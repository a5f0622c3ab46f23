import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Pod } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { formatPercent } from "../../runners/contracts/format-number.ts";
import { rawLogToolOutput } from "../../runners/contracts/raw-log.ts";
import { guides } from "../../runners/guides/index.ts";
import { parseCyclictest } from "../../runners/guides/jitter/parse-cyclictest.ts";
import { type Bmf, slug } from "../../runners/report/bmf.ts";
import { shellQuote, VERDICT_LABEL } from "../../runners/report/format.ts";
import { histogramQuantile, type LatencyHistogram, mergeHistograms } from "../../runners/stats/histogram.ts";
import { measuredRange } from "../../runners/stats/measured-range.ts";
import { verdictSettings } from "../../runners/stats/sequential-plan.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { writeDigests } from "../../runners/store/digests.ts";
import { publishedRecord } from "../../runners/store/pick-published.ts";
import { restrictedViolations } from "../../runners/targets/kubernetes/pod-security.ts";
import { parity } from "../helpers/cli.ts";
import { until } from "../helpers/limits.ts";
import {
  buildSite,
  copyOfData,
  isPublished,
  publishedCampaign,
  useBuiltSiteInChromium,
} from "../helpers/site-build.ts";
import { serveStatic } from "../helpers/static-server.ts";

// A real Astro build of the committed data/, served over HTTP and driven in real Chromium.
const repo = new URL("../../", import.meta.url).pathname;
const site = useBuiltSiteInChromium();

const store = new CampaignStore(join(repo, "data", "campaigns"));

const published = (guide = "cpu") => publishedCampaign(guide);
/** The cluster campaign of the record the site publishes, if any. */
const publishedCluster = async () =>
  publishedRecord(
    await Promise.all((await store.list()).map(async (id) => ({ campaign: await store.readCampaign(id) }))),
  )
    .map((v) => v.campaign)
    .filter((c) => c.target.kind === "kubernetes")
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .at(-1);

async function summary(guideId: string) {
  const campaign = await published(guideId);
  const result = await store.readGuide(campaign.id, guideId);
  return {
    campaign,
    result,
    summaries: summarizeGuide(guides.get(guideId).metrics, result, verdictSettings(campaign, guideId)),
  };
}

describe("the built site in Chromium", () => {
  it("home page: its first screen answers in absolute figures (desktop), within two screens on a phone", async () => {
    for (const [width, height, screens] of [
      [1280, 800, 1],
      [390, 844, 2],
    ] as const) {
      const page = await site.browser.newPage({ viewport: { width, height } });
      await page.goto(`${site.url}/`);
      const lines = page.locator(".answer li");
      const total = await lines.count();
      let seen = 0;
      for (let i = 0; i < total; i++) {
        const box = await lines.nth(i).boundingBox();
        if (box && box.y + box.height <= height * screens) seen++;
      }
      // Whatever the record settled: at least two of its costs (or all, if fewer) within reach.
      expect(seen, `${width}px: answer lines within ${screens} screen(s)`).toBeGreaterThanOrEqual(Math.min(2, total));
      for (let i = 0; i < Math.min(total, 3); i++) {
        const text = (await lines.nth(i).textContent())!.replace(/\s+/g, " ");
        // "gvisor vs runc, <guide>, <metric>: ‹a› ns vs ‹b› ns, ‹low›–‹high›× runc's": two figures and a range.
        expect(text).toMatch(/: [0-9.]+ \S.* vs [0-9.]+ \S.*, (between .*|[0-9.]+–[0-9.]+(%|×) .*)/);
        expect(await lines.nth(i).locator(".verdict").textContent()).toMatch(/^(worse|better|equivalent)$/);
      }
      expect(await page.locator(".answer-where").first().textContent()).toMatch(
        /measured \d{4}-\d\d-\d\d.*vCPUs, kernel/,
      );
      await page.close();
    }
  });

  it("home page: the headline table shows each guide's delta computed from data/", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/`);
    let rows = 0;
    // Every guide the published record ran (a guide just added has no campaign yet).
    for (const guideId of guides.ids()) {
      if (!(await isPublished(guideId))) continue;
      const { campaign, summaries } = await summary(guideId);
      for (const s of summaries.filter((x) => x.primary)) {
        for (const r of s.runtimes.filter((x) => x.comparison)) {
          // The first table is this machine's; the cluster's follows it.
          const row = page
            .locator("table.verdict-summary")
            .first()
            .locator(
              `tr[data-guide="${guideId}"][data-runtime="${r.runtime}"]` +
                `${s.variant ? `[data-variant="${s.variant}"]` : ""}`,
            );
          const cell = row.locator("td[data-value]");
          expect(Number(await cell.getAttribute("data-value"))).toBeCloseTo(r.comparison!.deltaPercent, 9);
          const against = r.role === "reference" ? r.runtime : campaign.baseline;
          expect(await cell.textContent()).toContain(measuredRange(r.comparison!.tostIntervalPercent, against));
          expect(await row.locator(".verdict").textContent()).toBe(VERDICT_LABEL[r.comparison!.verdict]);
          rows++;
        }
      }
    }
    expect(rows).toBeGreaterThan(4);
    // The first screen says what was compared, where, on which gVisor platform, and why no VM runtime.
    const compared = (await page.locator(".what-was-compared").first().textContent())!.replace(/\s+/g, " ");
    const { campaign } = await summary("cpu");
    expect(compared).toContain(`against ${campaign.baseline}`);
    for (const [runtime, settings] of Object.entries(campaign.hosts[0]?.runtimeSettings ?? {}))
      if (runtime.startsWith("gvisor")) expect(compared).toContain(`${runtime} on its ${settings.platform} platform`);
    if (campaign.target.kind === "local") expect(compared).toMatch(/its \/dev\/kvm is PVM \(CONFIG_KVM_PVM\)/);
    await page.close();
  });

  it("guide page: SVG charts with one point per run, and tables equal to the statistics", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/cpu/`);
    const { result, summaries } = await summary("cpu");
    const eps = summaries.find((s) => s.metric === "eventsPerSecond")!;
    const chart = page.locator("figure.chart").first();
    expect(await chart.locator("svg").count()).toBe(1);
    // Runs left out of the statistics (a busy machine's, run again) are in the table of every run, not the chart.
    const mainRuns = result.measurements.filter((m) => m.arm === "main" && m.excluded === undefined).length;
    expect(await chart.locator("svg g.mark-symbol path").count()).toBe(mainRuns);
    expect(await chart.locator("[role=img]").getAttribute("aria-label")).toMatch(
      /Events per second per run and runtime/,
    );
    for (const r of eps.runtimes) {
      // This machine's results come first; a cluster campaign's follow in a section of their own.
      const row = page
        .locator(".guide-results")
        .first()
        .locator(`table[data-metric="eventsPerSecond"] tr[data-runtime="${r.runtime}"]`);
      expect(Number(await row.locator("td[data-field=n]").textContent())).toBe(r.stats.n);
      // The geometric mean, whose ratio the Δ is (a run at zero would make it the arithmetic mean, named so).
      const cell = row.locator("td[data-field=mean]");
      const kind = await cell.getAttribute("data-kind");
      const expected = kind === "geometric mean" ? r.stats.geometricMean : r.stats.mean;
      expect(Number(await cell.getAttribute("data-value"))).toBeCloseTo(expected, 6);
    }
    // Every number links to its raw data: the guide page links every run, on the campaign's page,
    // whose run table links the raw logs, which are served.
    await page.locator(".guide-results").first().locator("p.runs a").click();
    expect(page.url()).toMatch(/\/campaigns\/[^/]+\/#cpu-runs$/);
    const runs = page.locator("#cpu-runs");
    // The browser unfolds the table's <details> for the link's fragment, a moment after the navigation.
    await until(() => runs.isVisible(), "the campaign's run table, unfolded for the link's fragment");
    expect(await runs.locator("tbody tr").count()).toBe(result.measurements.length);
    const logHref = await runs.locator("a").first().getAttribute("href");
    const log = await (await fetch(`${site.url}${logHref}`)).text();
    expect(log).toContain("events per second:");
    await page.close();
  });

  it(
    "exports: the Bencher Metric Format download and `parity export --format bmf` carry the page's " + "numbers",
    async () => {
      const page = await site.browser.newPage();
      for (const guideId of ["cpu", "io"]) {
        const { campaign } = await summary(guideId);
        const served = (await (await fetch(`${site.url}/data/campaigns/${campaign.id}/bencher.json`)).json()) as Bmf;
        const cli = await parity(["export", campaign.id, "--format", "bmf"]);
        expect(cli.code, cli.stderr).toBe(0);
        expect(JSON.parse(cli.stdout)).toEqual(served);
        await page.goto(`${site.url}/guides/${guideId}/`);
        let checked = 0;
        for (const table of await page.locator(".guide-results").first().locator("table.stats-table").all()) {
          const metric = (await table.getAttribute("data-metric"))!;
          for (const body of await table.locator("tbody").all()) {
            const variant = await body.getAttribute("data-variant");
            for (const row of await body.locator("tr[data-role]").all()) {
              const runtime = (await row.getAttribute("data-runtime"))!;
              const bench = served[["parity", guideId, slug(metric), variant, runtime].filter(Boolean).join("/")]!;
              const measures = Object.entries(bench).filter(([k]) => k !== "delta-percent");
              expect(measures.length, `${guideId} ${metric} ${runtime}`).toBe(1);
              expect(measures[0]![1].value).toBe(
                Number(await row.locator("td[data-field=mean]").getAttribute("data-value")),
              );
              const delta = await row.locator("td[data-field=delta]").getAttribute("data-value");
              if (delta !== null) expect(bench["delta-percent"]!.value).toBe(Number(delta));
              else expect(bench["delta-percent"]).toBeUndefined();
              checked++;
            }
          }
        }
        expect(checked, guideId).toBeGreaterThan(2);
      }
      await page.close();
    },
  );

  it("guide page: the copy button copies the exact command the runner executed", async () => {
    const context = await site.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(`${site.url}/guides/cpu/`);
    const { campaign, result } = await summary("cpu");
    const guide = guides.get("cpu");
    const ran = result.measurements.find((m) => m.runtime === campaign.baseline && m.arm === "main" && m.run === 1)!
      .steps[0]!.argv;
    const expected = shellQuote(ran);
    expect(
      shellQuote(
        guide.steps[0]!.argv({
          ...(result.parameters as object),
          threads: result.threads.perRuntime[campaign.baseline]!,
        } as never),
      ),
    ).toBe(expected);
    const block = page.locator(".expressive-code", { hasText: "sysbench cpu" }).first();
    await block.hover();
    await block.locator("button").first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    // The recorded output under the step is the run's real output.
    expect(await page.locator('pre[data-output="sysbench-cpu"]').textContent()).toContain("events per second:");
    await context.close();
  });

  it("guide page: the pod YAML per runtime is shown and downloadable, and is a valid restricted Pod", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/cpu/`);
    const link = page.locator('a[href$="/manifests/cpu-edera.yaml"]');
    expect(await link.count()).toBe(1);
    const yaml = await (await fetch(`${site.url}${await link.getAttribute("href")}`)).text();
    const docs = parseAllDocuments(yaml).map((d) => d.toJSON());
    expect(docs.map((d) => d.kind)).toEqual(["Namespace", "Pod"]);
    expect(() => new Pod(docs[1]).validate()).not.toThrow();
    expect(restrictedViolations(docs[1])).toEqual([]);
    expect(docs[1].metadata.annotations["dev.edera/cpu"]).toBe("4");
    expect(await page.locator("details", { hasText: "edera:" }).locator("pre").first().textContent()).toContain(
      "runtimeClassName: edera",
    );
    await page.close();
  });

  it(
    "I/O page: one chart and one table per question with storage modes as rows, and the cost per storage path in " +
      "one screen",
    async () => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.url}/guides/io/`);
      const { result, summaries } = await summary("io");
      const metrics = new Set(summaries.map((s) => s.metric));
      const local = page.locator(".guide-results").first();
      expect(await local.locator("figure.chart svg").count()).toBe(metrics.size);
      for (const variant of ["filesystem", "block"]) {
        expect(
          await local.locator(`table[data-metric="randread-4k.iops"] tbody[data-variant="${variant}"]`).count(),
        ).toBe(1);
      }
      // The answer to "what does each runtime cost on each storage path" fits in one screen.
      const matrix = local.locator(".variant-matrix");
      expect((await matrix.boundingBox())!.height).toBeLessThanOrEqual(900);
      const delta = summaries
        .find((s) => s.metric === "randread-4k.iops" && s.variant === "block")!
        .runtimes.find((r) => r.runtime === "host")!.comparison!;
      expect(
        await matrix
          .locator('tr[data-runtime="host"][data-metric="randread-4k.iops"] td[data-variant="block"]')
          .textContent(),
      ).toContain(formatPercent(delta.deltaPercent));
      // Warnings are grouped by kind: one item per kind.
      const codes = await local
        .locator(".warnings > ul > li")
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-code")));
      expect(new Set(codes).size).toBe(codes.length);
      const block = result.measurements.find((m) => m.runtime === "runc" && m.variant === "block")!;
      expect(
        await local.locator('table.storage-paths tr[data-runtime="runc"][data-variant="block"]').textContent(),
      ).toContain(`block device ${block.storage!.device}`);
      // One row per metric and runtime measured in both modes (gVisor has no block mode).
      const measuredIn = (variant: string) =>
        summaries
          .filter((s) => s.variant === variant)
          .flatMap((s) => s.runtimes.filter((r) => r.values.length > 0).map((r) => `${s.metric}/${r.runtime}`));
      const inBoth = measuredIn("filesystem").filter((k) => measuredIn("block").includes(k));
      expect(await local.locator("table.mode-comparison tbody tr").count()).toBe(inBoth.length);
      // Each mode's exact command, as recorded.
      // The baseline is runc: inside its container the loop device is at /dev/parity-block.
      expect(
        await page.locator(".expressive-code", { hasText: "--filename=/dev/parity-block" }).count(),
      ).toBeGreaterThan(0);
      await page.close();
    },
  );

  it(
    "a cluster campaign is published beside this machine's: a section of each guide page, a home table, a campaign " +
      "page that says what it was",
    async () => {
      const cluster = await publishedCluster();
      const page = await site.browser.newPage();
      if (!cluster) {
        // No cluster campaign published (history only): the guide pages say so instead of showing one.
        await page.goto(`${site.url}/guides/startup/`);
        expect(await page.locator('[data-section="startup-kubernetes"]').textContent()).toMatch(
          /No Kubernetes startup campaign is published yet/,
        );
        await page.close();
        return;
      }
      // The latest cluster campaign may have run some guides only: its first guide's page shows it.
      await page.goto(`${site.url}/guides/${cluster.guides[0]}/`);
      const section = page.locator(`.cluster-results[data-campaign="${cluster.id}"]`);
      // The text as a reader sees it: the markup's line breaks are spaces.
      expect((await section.locator(".what-was-compared").textContent())?.replace(/\s+/g, " ")).toMatch(
        new RegExp(
          String.raw`single-node Kubernetes cluster built on one 2-vCPU machine.*Kubernetes v1\.34\.4.*gVisor .*` +
            ` on its systrap platform.*both runtimes on that one node: not a cloud cluster`,
          "s",
        ),
      );
      expect(await section.locator('table.stats-table tr[data-runtime="gvisor"]').count()).toBeGreaterThan(0);
      await page.goto(`${site.url}/`);
      expect(
        await page
          .locator(`table.verdict-summary tr td[data-label="Campaign"] a[href="/campaigns/${cluster.id}/"]`)
          .count(),
      ).toBeGreaterThan(0);
      await page.goto(`${site.url}/campaigns/${cluster.id}/`);
      expect(await page.locator("dd[data-components]").first().textContent()).toMatch(
        /kubernetes v1\.34\.4, etcd 3\.4\.23.*gvisorPlatform systrap/,
      );
      await page.close();
    },
  );

  it("with JavaScript disabled, pages still show their charts", async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ["/guides/cpu/", "/guides/memory/", "/guides/io/", "/trends/"]) {
      await page.goto(`${site.url}${path}`);
      // A trend needs two releases: with fewer, the page says so instead of drawing one point.
      if (path === "/trends/" && (await page.locator("figure.chart").count()) === 0) {
        expect(await page.locator("main").textContent()).toMatch(/No metric has been measured in two releases yet/);
        continue;
      }
      expect(await page.locator("figure.chart svg").count(), path).toBeGreaterThan(0);
      expect(await page.locator("figure.chart svg path").count(), path).toBeGreaterThan(3);
    }
    await context.close();
  });

  it("campaign page: verdicts for every guide, provenance and downloads", async () => {
    const campaign = await published();
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/campaigns/${campaign.id}/`);
    expect(await page.locator("h1").textContent()).toBe(`Campaign ${campaign.id}`);
    expect(await page.locator("table.verdict-summary tbody tr").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".provenance").textContent()).toContain(campaign.hosts[0]!.kernel);
    const json = (await (await fetch(`${site.url}/data/campaigns/${campaign.id}/campaign.json`)).json()) as {
      id: string;
    };
    expect(json.id).toBe(campaign.id);
    const csv = await (await fetch(`${site.url}/data/campaigns/${campaign.id}/measurements.csv`)).text();
    expect(csv.split("\n")[0]).toBe("campaign,guide,runtime,arm,run,started_at,metric,value,vcpus_seen,kernel,raw_log");
    expect(csv).toContain(`${campaign.id},cpu,runc,main,1,`);
    const schema = (await (await fetch(`${site.url}/data/schema/campaign.schema.json`)).json()) as { title: string };
    expect(schema.title).toMatch(/Parity campaign/);
    await page.close();
  });

  it("jitter page: a log-scale CCDF per runtime and per-thread tails read back from the raw histograms", async () => {
    const campaign = await published("jitter");
    const result = await store.readGuide(campaign.id, "jitter");
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/jitter/`);
    const chart = page.locator('section[data-chart="jitter-ccdf"] figure.chart');
    // One line per runtime that ran (gVisor cannot run cyclictest; its cell says so instead).
    const ran = campaign.runtimes.filter((r) => result.measurements.some((m) => m.runtime === r));
    expect(await chart.locator("svg g.mark-line path").count()).toBe(ran.length);
    expect(
      await page.locator('table[data-metric="p99Us"] tr[data-runtime="gvisor"][data-not-runnable]').textContent(),
    ).toMatch(
      new RegExp(
        `Not runnable as defined: gVisor's kernel implements no real-time scheduling class.*Unable to` +
          ` change scheduling policy!`,
        "s",
      ),
    );
    expect(await chart.locator("[role=img]").getAttribute("aria-label")).toMatch(
      /How often a wake-up is later than x µs/,
    );
    // Recompute one runtime's per-thread p99 from its raw logs, independently of the page's code path.
    for (const runtime of campaign.runtimes) {
      const perThread = new Map<number, LatencyHistogram[]>();
      for (const m of result.measurements.filter((x) => x.runtime === runtime && x.arm === "main")) {
        const raw = await readFile(join(repo, "data", "campaigns", campaign.id, m.steps[0]!.rawLog), "utf8");
        for (const t of parseCyclictest(rawLogToolOutput(raw)).threads)
          perThread.set(t.thread, [...(perThread.get(t.thread) ?? []), t.histogram!]);
      }
      for (const [thread, histograms] of perThread) {
        const p99 = histogramQuantile(mergeHistograms(histograms), 0.99);
        const cell = page.locator(
          `table[data-table="jitter-threads"] tr[data-runtime="${runtime}"][data-thread="${thread}"] ` +
            `td[data-percentile="0.99"]`,
        );
        expect((await cell.textContent())!.replace(/[^0-9.≥]/g, "")).toBe(`${p99.censored ? "≥" : ""}${p99.value}`);
      }
    }
    expect(await page.locator('table[data-table="parameters"] tr[data-param="load"]').textContent()).toMatch(
      /"none".*CPU guide's sysbench/s,
    );
    await page.close();
  });

  it("startup page: the published cluster campaign's pod startup views, beside this machine's numbers", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/guides/startup/`);
    const section = page.locator('[data-section="startup-kubernetes"]');
    const cluster = await publishedCluster();
    // Whatever data/ holds: a published cluster campaign's two startup charts, or the statement that there is none.
    if (cluster) {
      expect(await section.textContent()).not.toMatch(/No Kubernetes startup campaign is published yet/);
      expect(await section.locator("figure.chart svg").count()).toBe(2);
    } else expect(await section.textContent()).toMatch(/No Kubernetes startup campaign is published yet/);
    await page.close();
  });

  it("trends page: a chart and a table per metric measured in two releases, or says there is none yet", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/trends/`);
    // Whatever data/ holds: a trend needs two releases (or campaigns) of a metric, and one point is not a line.
    const sections = page.locator("main section:has(figure.chart)");
    const count = await sections.count();
    if (count === 0)
      expect(await page.locator("main").textContent()).toMatch(/No metric has been measured in two releases yet/);
    for (let i = 0; i < count; i++) {
      const section = sections.nth(i);
      expect(await section.locator("h2").count()).toBe(1);
      const releases = await section.locator("table.results-table tbody tr td:first-child").allTextContents();
      expect(new Set(releases).size).toBeGreaterThanOrEqual(2);
    }
    await page.close();
  });

  it("third-party figures are labelled as such", async () => {
    const page = await site.browser.newPage();
    await page.goto(`${site.url}/reference/how-this-compares/`);
    expect(await page.locator("table.third-party caption").textContent()).toMatch(
      /Third-party figures, not measured by Parity/,
    );
    expect(await page.locator("table.third-party tbody tr").first().textContent()).toMatch(/Edera, “Faster Than runc/);
    await page.close();
  });
});

/**
 * Builds the site from a copy of data/ whose published cpu.json was changed by `edit`; with
 * `reseal`, its SHA256SUMS is rewritten as a forger would.
 */
async function buildWithEditedCpuResults(edit: (json: any) => void, reseal = false) {
  const { data, remove } = await copyOfData();
  const campaign = await published();
  const file = join(data, "campaigns", campaign.id, "cpu.json");
  const json = JSON.parse(await readFile(file, "utf8"));
  edit(json);
  await writeFile(file, JSON.stringify(json));
  if (reseal) await writeDigests(join(data, "campaigns", campaign.id));
  const build = await buildSite(data);
  await remove();
  return { campaign, build };
}

describe("a broken results file", () => {
  it("fails the build with the file and the field", async () => {
    const { campaign, build } = await buildWithEditedCpuResults(
      (json) => (json.measurements[2].workload.vcpus = "two"),
    );
    await build.remove();
    expect(build.code).not.toBe(0);
    expect(build.log).toContain(`${campaign.id}/cpu.json is not valid`);
    expect(build.log).toMatch(/measurements\[2\]\.workload\.vcpus/);
  });
});

describe("the site publishes only what parity check accepts", () => {
  it("fails the build on a number edited in a results file, digests resealed or not", async () => {
    const times = (json: any) => {
      for (const m of json.measurements)
        if (m.runtime !== json.measurements[0].runtime) m.metrics.eventsPerSecond *= 1.5;
    };
    for (const reseal of [false, true]) {
      const { campaign, build } = await buildWithEditedCpuResults(times, reseal);
      await build.remove();
      expect(build.code, `resealed: ${reseal}`).not.toBe(0);
      expect(build.log).toContain(`Campaign ${campaign.id} under`);
      expect(build.log).toContain("fails parity check, so the site will not publish it");
      expect(build.log).toMatch(reseal ? /gives [\d.]+: the number or the log was edited/ : /SHA256SUMS|digest/);
    }
  });
});

describe("stale numbers", () => {
  it("are flagged on the guide page when the guide changed since its campaign ran", async () => {
    // Recorded with other parameters than the current definition renders: the commands differ.
    const { build } = await buildWithEditedCpuResults((json) => (json.parameters.maxPrime = 20000), true);
    expect(build.code, build.log).toBe(0);
    const staleServer = await serveStatic(build.out);
    const page = await site.browser.newPage();
    await page.goto(`${staleServer.url}/guides/cpu/`);
    expect(await page.locator('[data-stale="true"][role="alert"]').textContent()).toMatch(
      /Stale numbers\..*changed after campaign/s,
    );
    await page.goto(`${staleServer.url}/guides/memory/`);
    expect(await page.locator('[data-stale="true"]').count()).toBe(0);
    await page.close();
    await staleServer.close();
    await build.remove();
  });
});
