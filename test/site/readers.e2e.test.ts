import { readFileSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { parity } from "../helpers/cli.ts";
import { type BuiltSite, publishedCampaign, useBuiltSiteInChromium } from "../helpers/site-build.ts";

// The site as readers meet it, in real Chromium: every link resolves, both themes keep chart text
// readable, a phone shows each verdict without sideways scrolling, and axe finds no serious
// accessibility violation. Screenshots of each page type land in test-results/screenshots/.
// The same checks run on the repository's data/ (whatever campaign is published there: the
// committed one, or a reader's own) and on a second, different campaign made here.
const repo = new URL("../../", import.meta.url).pathname;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = join(repo, "test-results", "screenshots");

/** One page of each type, every guide's page included. */
async function pageTypes(site: BuiltSite): Promise<string[]> {
  const campaign = await publishedCampaign(guides.ids()[0]!, site.data);
  return [
    "/",
    ...guides.ids().map((id) => `/guides/${id}/`),
    "/methodology/",
    "/campaigns/",
    `/campaigns/${campaign.id}/`,
    "/trends/",
    "/reference/results-format/",
  ];
}

/** The page of the first guide (registry order) that the site's published campaign ran: it has charts. */
async function chartedGuidePage(site: BuiltSite): Promise<string> {
  const campaign = await publishedCampaign(guides.ids()[0]!, site.data);
  return `/guides/${guides.ids().find((id) => campaign.guides.includes(id))}/`;
}

/** Opens a page in a theme ("dark" is also what a reader without JavaScript gets) at a width. */
async function open(site: BuiltSite, path: string, theme: "light" | "dark", width: number, javaScript = true) {
  const context = await site.browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: theme,
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  await page.goto(`${site.url}${path}`, { waitUntil: "load" });
  return page;
}

/** WCAG contrast ratio of two CSS colours as Chromium computes them (`rgb(…)` or `rgba(…)`). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Every reader's check, on one built site; screenshots are named after `name`. */
function readerChecks(name: string, site: BuiltSite) {
  it("a crawl from the home page finds no missing page, asset or download", async () => {
    const seen = new Set<string>(["/"]);
    const queue = ["/"];
    const broken: string[] = [];
    while (queue.length > 0) {
      const path = queue.shift()!;
      const response = await fetch(`${site.url}${path}`);
      if (response.status !== 200) {
        broken.push(`${path} → ${response.status}`);
        continue;
      }
      if (!(response.headers.get("content-type") ?? "").startsWith("text/html")) continue;
      const html = await response.text();
      for (const [, ref] of html.matchAll(/(?:href|src)="([^"#?]+)[^"]*"/g)) {
        const url = new URL(ref!, `${site.url}${path}`);
        if (url.origin !== site.url || seen.has(url.pathname)) continue;
        seen.add(url.pathname);
        queue.push(url.pathname);
      }
    }
    expect(broken).toEqual([]);
    // Every guide and every campaign page was reached.
    for (const id of guides.ids()) expect(seen.has(`/guides/${id}/`), id).toBe(true);
    expect(seen.has(`/campaigns/${(await publishedCampaign(guides.ids()[0]!, site.data)).id}/`)).toBe(true);
  });

  it("loading each page type requests nothing that is missing (favicon included)", async () => {
    for (const path of await pageTypes(site)) {
      const context = await site.browser.newContext();
      const page = await context.newPage();
      const failed: string[] = [];
      page.on("response", (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
      expect(failed, path).toEqual([]);
      expect(await page.locator('link[rel="shortcut icon"], link[rel="icon"]').count(), path).toBeGreaterThan(0);
      await context.close();
    }
  });

  it("the sidebar lists every guide, and each guide links to the previous and the next", async () => {
    const page = await open(site, "/guides/io/", "light", 1280);
    const links = await page.locator("nav.sidebar a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const id of guides.ids()) expect(links, id).toContain(`/guides/${id}/`);
    const ids = guides.ids();
    const i = ids.indexOf("io");
    expect(await page.locator('.pagination-links a[rel="prev"]').getAttribute("href")).toBe(`/guides/${ids[i - 1]}/`);
    expect(await page.locator('.pagination-links a[rel="next"]').getAttribute("href")).toBe(`/guides/${ids[i + 1]}/`);
    await page.context().close();
  });

  it("chart text, axes and marks follow the theme, with and without JavaScript", async () => {
    for (const [theme, javaScript] of [
      ["light", true],
      ["dark", true],
      ["dark", false],
    ] as const) {
      const page = await open(site, await chartedGuidePage(site), theme, 1280, javaScript);
      const colours = await page.evaluate(() => {
        const background = getComputedStyle(document.body).backgroundColor;
        const texts = Array.from(document.querySelectorAll("figure.chart svg text")).map(
          (t) => getComputedStyle(t).fill,
        );
        return { background, texts: [...new Set(texts)] };
      });
      expect(colours.texts.length, theme).toBeGreaterThan(0);
      for (const fill of colours.texts)
        expect(contrast(fill, colours.background), `${theme} ${fill} on ${colours.background}`).toBeGreaterThanOrEqual(
          4.5,
        );
      await page.context().close();
    }
  });

  it(
    "on a 390 px phone every page shows each runtime, Δ and verdict without sideways scrolling, and chart text " +
      "stays whole and at 11 px or more",
    async () => {
      for (const path of await pageTypes(site)) {
        const page = await open(site, path, "light", 390);
        const layout = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const cut = Array.from(
            document.querySelectorAll(
              ".results-table:not(.runs-table) .verdict, .results-table:not(.runs-table) [data-field=delta]",
            ),
          )
            .filter((e) => e.getClientRects().length > 0)
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .map((e) => e.textContent);
          const fonts = Array.from(document.querySelectorAll("figure.chart svg")).flatMap((svg) => {
            const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute("width"));
            return Array.from(svg.querySelectorAll("text")).map(
              (t) => Number.parseFloat(getComputedStyle(t).fontSize) * scale,
            );
          });
          const truncated = Array.from(document.querySelectorAll("figure.chart svg text"))
            .map((t) => t.textContent ?? "")
            .filter((t) => t.endsWith("…"));
          return {
            cut,
            truncated,
            smallest: Math.min(...fonts, Number.POSITIVE_INFINITY),
            pageWidth: document.documentElement.scrollWidth,
            width,
          };
        });
        expect(layout.cut, path).toEqual([]);
        expect(layout.truncated, path).toEqual([]);
        expect(layout.smallest, path).toBeGreaterThanOrEqual(11);
        expect(layout.pageWidth, path).toBeLessThanOrEqual(layout.width);
        await page.context().close();
      }
    },
  );

  it("every page type ends with how to run Parity and where its source is", async () => {
    for (const path of await pageTypes(site)) {
      const page = await open(site, path, "light", 1280);
      const footer = page.locator("[data-section=source]");
      await expect(footer.getByRole("link", { name: "Run it yourself" }).getAttribute("href")).resolves.toMatch(
        /\/#run-it-yourself$/,
      );
      await expect(footer.textContent()).resolves.toMatch(/Source:/);
      await page.context().close();
    }
    const home = await open(site, "/", "light", 1280);
    await expect(home.locator("#run-it-yourself ~ .expressive-code pre").first().textContent()).resolves.toMatch(
      /npm ci && npx parity run/,
    );
    await home.context().close();
  });

  it("axe finds no serious or critical violation on any page type, in either theme", async () => {
    const found: string[] = [];
    for (const path of await pageTypes(site)) {
      for (const theme of ["light", "dark"] as const) {
        const page = await open(site, path, theme, 1280);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (
            window as unknown as {
              axe: {
                run: (
                  o: object,
                ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
              };
            }
          ).axe.run({ resultTypes: ["violations"] });
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map(
              (v) =>
                `${v.id} (${v.impact}): ${v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(" "))
                  .join(", ")}`,
            );
        });
        found.push(...violations.map((v) => `${path} [${theme}] ${v}`));
        await page.context().close();
      }
    }
    expect(found).toEqual([]);
  });

  it("takes a screenshot of each page type in both themes and at 390 px", async () => {
    await mkdir(shots, { recursive: true });
    for (const path of await pageTypes(site)) {
      const pageName = path === "/" ? "home" : path.replace(/^\/|\/$/g, "").replace(/\//g, "-");
      for (const [theme, width] of [
        ["light", 1280],
        ["dark", 1280],
        ["light", 390],
        ["dark", 390],
      ] as const) {
        const page = await open(site, path, theme, width);
        const file = join(shots, `${name}-${pageName}-${theme}-${width}.png`);
        const png = await page.screenshot({ path: file });
        expect(png.length, file).toBeGreaterThan(1000);
        await page.context().close();
      }
    }
  });
}

describe("the site as readers meet it, built from the repository's data/", () => {
  readerChecks("data", useBuiltSiteInChromium());
});

describe("the site as readers meet it, built from another campaign (runc and gVisor, two guides, made here)", () => {
  readerChecks(
    "other",
    useBuiltSiteInChromium(async () => {
      const data = await mkdtemp(join(tmpdir(), "parity-other-site-"));
      const made = await parity(
        ["run", "cpu", "jitter", "--quick", "--runs", "2", "--runtimes", "runc,gvisor", "--campaign", "other"].concat([
          "--data",
          data,
        ]),
      );
      if (made.code !== 0) throw new Error(made.stderr);
      return data;
    }),
  );
});
