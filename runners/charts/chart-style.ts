/**
 * The size and type every chart shares. A chart is drawn once, as an SVG that scales down to
 * the column it sits in: at this width it keeps its text at 11 px or more on a 390 px phone
 * (about 360 px of column) and shows at its natural size on a desktop. Colours of text, axes
 * and grid come from the page's theme in CSS, not from here.
 */
export const CHART_WIDTH = 280;

/**
 * The widest a rendered chart may be, legends and axes included: a 390 px phone gives a chart
 * about 358 px of column, so a 400 px SVG scales its 13 px text to 11.6 px. How wide a chart
 * renders depends on its data (runtime names, which legends appear), so the renderer measures
 * each one and stacks its legends when it would be wider than this.
 */
export const CHART_MAX_WIDTH = 400;

/**
 * Vega-Lite `config` for every chart: one font, legible sizes, legends under the plot. No text is
 * ever cut short (a limit of 0 is none): titles wrap (`wrapTitles`) and the renderer narrows a
 * plot whose labels would make it too wide. Rendering without a canvas, Vega estimates text at
 * 0.8 × its font size per character, so a legend label keeps to about 25 characters to fit a phone.
 */
export const chartConfig = {
  font: "system-ui, sans-serif",
  view: { stroke: null },
  title: { fontSize: 14, anchor: "start", limit: 0 },
  axis: { labelFontSize: 13, titleFontSize: 13, titleLimit: 0, labelLimit: 0 },
  legend: {
    orient: "bottom",
    direction: "horizontal",
    labelFontSize: 13,
    titleFontSize: 13,
    columns: 3,
    labelLimit: 0,
    titleLimit: 0,
  },
} as const;

/**
 * The most characters a title line holds: about 230 px of 13–14 px text, which fits the plot's
 * width and the height of a vertical axis.
 */
export const TITLE_LINE_CHARACTERS = 32;

/** `text` broken into lines of at most `max` characters at spaces (a longer word keeps a line of its own). */
export function wrapText(text: string, max = TITLE_LINE_CHARACTERS): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A chart spec whose every title (chart, axis, legend) longer than a line is a list of lines. */
export function wrapTitles<T>(spec: T): T {
  if (Array.isArray(spec)) return spec.map(wrapTitles) as T;
  if (typeof spec !== "object" || spec === null) return spec;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    const long = key === "title" && typeof value === "string" && value.length > TITLE_LINE_CHARACTERS;
    if (long) out[key] = wrapText(value);
    else if (key === "data" || key === "datasets") out[key] = value;
    else out[key] = wrapTitles(value);
  }
  return out as T;
}

/**
 * One colour per runtime across the site, the same in every chart and both themes: each reaches at
 * least 3:1 against the light theme's white and the dark theme's near-black background (WCAG's
 * non-text contrast), so a mark stays visible in either.
 */
const RUNTIME_COLOURS: Readonly<Record<string, string>> = {
  host: "#7a7a7a",
  runc: "#3b6fd4",
  crun: "#8a5cd1",
  gvisor: "#d1495b",
  "gvisor-ptrace": "#c76d1a",
  "gvisor-gofer": "#2e8b57",
  kata: "#1f8a9e",
  edera: "#a0662a",
};

/** Colours for runtimes a profile adds: the same 3:1 bar, picked by the name so a runtime keeps its own. */
const MORE_COLOURS = ["#b5447f", "#5f7f1f", "#4a78a8", "#9c6b00"];

/** The colour of a runtime in every chart. */
export function runtimeColour(runtime: string): string {
  const known = RUNTIME_COLOURS[runtime];
  if (known) return known;
  let h = 0;
  for (const c of runtime) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return MORE_COLOURS[h % MORE_COLOURS.length]!;
}

/** A Vega-Lite colour scale that gives each of these runtimes its own fixed colour. */
export function runtimeScale(runtimes: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...runtimes], range: runtimes.map(runtimeColour) };
}
