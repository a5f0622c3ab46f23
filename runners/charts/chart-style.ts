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

/** Vega-Lite `config` for every chart: one font, legible sizes, legends under the plot. */
export const chartConfig = {
  font: "system-ui, sans-serif",
  view: { stroke: null },
  title: { fontSize: 14, anchor: "start", limit: CHART_WIDTH + 80 },
  axis: { labelFontSize: 13, titleFontSize: 13, titleLimit: CHART_WIDTH, labelLimit: 140 },
  legend: {
    orient: "bottom",
    direction: "horizontal",
    labelFontSize: 13,
    titleFontSize: 13,
    columns: 3,
    labelLimit: 220,
  },
} as const;
