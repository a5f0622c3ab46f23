import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { CHART_MAX_WIDTH, wrapTitles } from "../../runners/charts/chart-style.ts";
import type { VegaLiteSpec } from "../../runners/charts/metric-chart.ts";
import { slimSvg } from "./slim-svg.ts";

// One render per distinct spec and build: a page and the campaign page that publishes the same
// numbers share it. Keyed by the spec's own JSON, so a cached SVG cannot belong to other data.
const rendered = new Map<string, Promise<string>>();

// Vega-Lite warns about every faceted chart whose rows keep their own runtimes (the I/O storage
// modes); the layers share one data set, so the warning does not apply. Other messages pass.
const logger = {
  level: () => logger,
  error: (...args: readonly unknown[]) => console.error(...args),
  warn: (...args: readonly unknown[]) => {
    if (!String(args[0]).startsWith("Detected faceted independent scales")) console.warn(...args);
    return logger;
  },
  info: () => logger,
  debug: () => logger,
};

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string at build time, so that a page
 * shows its charts with JavaScript off.
 */
export function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const key = JSON.stringify(spec);
  let svg = rendered.get(key);
  if (!svg) {
    svg = render(spec);
    rendered.set(key, svg);
  }
  return svg;
}

/** The SVG's own width, as Vega wrote it on its root element. */
export function svgWidth(svg: string): number {
  return Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? Number.NaN);
}

/**
 * Legend layouts from the widest to the narrowest: side by side in three columns (the site's
 * style), then stacked under the plot, then in two columns, then in one.
 */
const LEGEND_LAYOUTS = [undefined, 3, 2, 1] as const;

/**
 * Renders the chart in the first legend layout that keeps it within a phone's column. If none
 * does (long runtime names on the axis: `gvisor-ptrace` beside `host`), the narrowest layout
 * again with a plot narrower by the overflow, so that its text stays legible on a phone
 * whatever its data.
 */
async function render(spec: VegaLiteSpec): Promise<string> {
  let svg = "";
  for (const columns of LEGEND_LAYOUTS) {
    svg = await draw(spec, columns);
    if (svgWidth(svg) <= CHART_MAX_WIDTH) return svg;
  }
  // Tick labels and a centred axis title move as the plot narrows, so the overflow (and a margin
  // of 10 px) is taken off until it is gone, in a few steps.
  for (let narrowed = spec, step = 0; step < 8 && svgWidth(svg) > CHART_MAX_WIDTH; step++) {
    narrowed = narrower(narrowed, Math.ceil(svgWidth(svg) - CHART_MAX_WIDTH) + 10);
    svg = await draw(narrowed, LEGEND_LAYOUTS.at(-1));
  }
  return svg;
}

/** The spec with its plot (a faceted chart's inner plot) `by` pixels narrower. */
function narrower(spec: VegaLiteSpec, by: number): VegaLiteSpec {
  const plot = (spec.spec ?? spec) as VegaLiteSpec;
  if (typeof plot.width !== "number") return spec;
  const resized = { ...plot, width: Math.max(120, plot.width - by) };
  return spec.spec ? { ...spec, spec: resized } : resized;
}

/** One rendering; with `stackedColumns`, legends stacked one below the other, in that many columns each. */
async function draw(spec: VegaLiteSpec, stackedColumns?: number): Promise<string> {
  // No background of its own: the page's, light or dark, shows through (text follows the theme in CSS).
  const vega = compile({ ...wrapTitles(spec), background: "transparent" } as unknown as TopLevelSpec, {
    logger: logger as never,
  }).spec;
  if (stackedColumns !== undefined) {
    const layout = { bottom: { direction: "vertical", anchor: "start" } };
    for (const legend of vega.legends ?? []) legend.columns = stackedColumns;
    vega.config = { ...vega.config, legend: { ...vega.config?.legend, layout } } as typeof vega.config;
  }
  const view = new View(parse(vega), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return slimSvg(svg);
}
