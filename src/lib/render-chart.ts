import { compile, type TopLevelSpec } from "vega-lite";
import { parse, View } from "vega";
import type { VegaLiteSpec } from "../../runners/charts/metric-chart.ts";

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string at build time, so that a page
 * shows its charts with JavaScript off.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // No background of its own: the page's, light or dark, shows through (text follows the theme in CSS).
  const vega = compile({ ...spec, background: "transparent" } as unknown as TopLevelSpec).spec;
  const view = new View(parse(vega), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
