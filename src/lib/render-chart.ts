import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { VegaLiteSpec } from "../../runners/charts/metric-chart.ts";

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

async function render(spec: VegaLiteSpec): Promise<string> {
  // No background of its own: the page's, light or dark, shows through (text follows the theme in CSS).
  const vega = compile({ ...spec, background: "transparent" } as unknown as TopLevelSpec, {
    logger: logger as never,
  }).spec;
  const view = new View(parse(vega), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
