import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { describe, expect, it } from "vitest";
import { metricChartDescription, metricChartSpec } from "../../../runners/charts/metric-chart.ts";
import { compare } from "../../../runners/stats/compare.ts";
import { describe as stats } from "../../../runners/stats/descriptive.ts";
import type { MetricSummary } from "../../../runners/stats/summarize.ts";
import Chart from "../../../src/components/Chart.astro";
import StatsTable from "../../../src/components/StatsTable.astro";
import Verdict from "../../../src/components/Verdict.astro";

// A summary built from known values (the R sleep data shifted into throughput-like numbers).
const host = [100.7, 98.4, 99.8, 98.8, 99.9];
const runc = [101.9, 100.8, 101.1, 100.1, 99.9];
const summary: MetricSummary = {
  metric: "eventsPerSecond",
  label: "Events per second",
  unit: "events/s",
  direction: "higher",
  primary: true,
  runtimes: [
    { runtime: "host", role: "baseline", values: host, stats: stats(host) },
    {
      runtime: "runc",
      role: "candidate",
      values: runc,
      stats: stats(runc),
      comparison: compare(host, runc, { direction: "higher", thresholdPercent: 5 }),
    },
  ],
  noiseFloor: compare(host, [99.1, 100.2, 98.9, 100.5, 99.6], { direction: "higher", thresholdPercent: 5 }),
};

describe("StatsTable", () => {
  it("renders n, the geometric mean with its interval, CV, Δ with interval, verdict and the noise floor", async () => {
    const container = await AstroContainer.create();
    const html = await container.renderToString(StatsTable, {
      props: { summaries: [summary], baseline: "host", campaignId: "c1", guideId: "cpu" },
    });
    const c = summary.runtimes[1]!.comparison!;
    expect(html).toContain('data-runtime="runc"');
    expect(html).toMatch(/data-field="n"[^>]*>\s*5\s*</);
    expect(html).toContain(`data-value="${c.deltaPercent}"`);
    expect(html).toMatch(new RegExp(`verdict-${c.verdict}`));
    expect(html).toContain("host A/A");
    expect(html).toContain('href="/data/campaigns/c1/cpu.json"');
    // One kind of mean, named: the geometric mean, whose ratio the Δ is.
    const mean = (values: number[]) => Math.exp(values.reduce((a, v) => a + Math.log(v), 0) / values.length);
    expect(html).toContain("Geometric mean [95%] (events/s)");
    const shown = [...html.matchAll(/data-field="mean"[^>]*data-value="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(shown).toHaveLength(2);
    expect(shown[0]).toBeCloseTo(mean(host), 9);
    expect(shown[1]).toBeCloseTo(mean(runc), 9);
    expect((shown[1]! / shown[0]! - 1) * 100).toBeCloseTo(c.deltaPercent, 9);
    // The verdict comes before the figures, so that a narrow screen shows it first.
    expect(html.indexOf(">Verdict</th>")).toBeLessThan(html.indexOf(">n</th>"));
  });
});

describe("StatsTable with a reference and a runtime that cannot run the guide", () => {
  it(
    "labels the reference comparison the right way round and shows the not-runnable cell with its reason and " +
      "evidence",
    async () => {
      const sandboxed: MetricSummary = {
        ...summary,
        runtimes: [
          {
            runtime: "host",
            role: "reference",
            values: host,
            stats: stats(host),
            comparison: compare(host, runc, { direction: "higher", thresholdPercent: 5 }),
          },
          { runtime: "runc", role: "baseline", values: runc, stats: stats(runc) },
          {
            runtime: "gvisor",
            role: "candidate",
            values: [],
            stats: stats([]),
            notRunnable: {
              runtime: "gvisor",
              needs: "realtime",
              reason: "gVisor refuses SCHED_FIFO.",
              message: "Unable to change scheduling policy!",
              exitCode: 1,
              rawLog: "raw/jitter/gvisor-1.log",
            },
          },
        ],
      };
      const container = await AstroContainer.create();
      const html = await container.renderToString(StatsTable, {
        props: { summaries: [sandboxed], baseline: "runc", campaignId: "c1", guideId: "jitter" },
      });
      expect(html).toContain("Δ is runc vs host");
      expect(html).toMatch(/data-runtime="gvisor" data-not-runnable/);
      expect(html).toContain("gVisor refuses SCHED_FIFO.");
      expect(html).toContain("Unable to change scheduling policy!");
      expect(html).toContain('href="/data/campaigns/c1/raw/jitter/gvisor-1.log"');
    },
  );
});

describe("Verdict", () => {
  it("carries the hint as a title for inconclusive results", async () => {
    const container = await AstroContainer.create();
    const html = await container.renderToString(Verdict, {
      props: { verdict: "inconclusive", hint: "more runs needed" },
    });
    expect(html).toMatch(
      new RegExp(
        `class="verdict verdict-inconclusive"[^>]*title="more runs needed"|title="more runs` +
          ` needed"[^>]*class="verdict verdict-inconclusive"`,
      ),
    );
  });
});

/** How many `element`s the chart's marks of one kind (`mark-symbol`: points) draw. */
const marks = (html: string, kind: string, element: string) =>
  [...html.matchAll(new RegExp(`<g class="${kind} role-mark">(.*?)</g>`, "g"))]
    .map(([, inner]) => (inner!.match(new RegExp(`<${element}\\b`, "g")) ?? []).length)
    .reduce((a, b) => a + b, 0);

describe("Chart", () => {
  it("renders the Vega-Lite spec to inline SVG with a text alternative", async () => {
    const container = await AstroContainer.create();
    const description = metricChartDescription([summary], "host");
    const html = await container.renderToString(Chart, {
      props: { spec: metricChartSpec([summary], { baseline: "host" }), description },
    });
    expect(html).toContain("<svg");
    // One point per run (ten runs in two runtimes), one mean tick per runtime, and
    // interval rules per runtime plus the baseline's rule.
    expect(marks(html, "mark-symbol", "path")).toBe(10);
    expect(marks(html, "mark-rect", "path")).toBe(2);
    expect(marks(html, "mark-rule", "line")).toBe(3);
    // The wrapper alone speaks to assistive technology, with every number.
    expect(html).toContain(`aria-label="${description}"`);
    expect(html.match(/aria-label=/g)).toHaveLength(1);
    // The geometric mean of runc's five runs, computed by hand: 100.757.
    expect(description).toMatch(
      /runc: 5 runs, geometric mean 100\.76 events\/s, runc vs host \+1\.\d\d% \(equivalent\)/,
    );
  });
});
