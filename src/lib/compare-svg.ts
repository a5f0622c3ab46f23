/**
 * The "Compare your run" chart as a small SVG string: the published runs of each runtime as
 * dots on a row, the 95% prediction interval of the chosen runtime as a band, and the reader's
 * value as a marked line. Drawn without Vega, so that the panel loads little JavaScript; colours
 * come from the page's theme (currentColor and CSS).
 */
export interface CompareChartInput {
  rows: { label: string; values: readonly number[] }[];
  /** The runtime the reader compares with: its row carries the prediction band. */
  chosen: string;
  prediction: { low: number; high: number };
  reader: number;
  unit: string;
}

const WIDTH = 340;
const LEFT = 80;
const ROW = 28;
const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const fmt = (v: number) =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString();

export function compareSvg(input: CompareChartInput): string {
  const all = [
    ...input.rows.flatMap((r) => r.values),
    input.reader,
    input.prediction.low,
    input.prediction.high,
  ].filter(Number.isFinite);
  // Non-negative metrics: the axis starts at zero or just below the smallest value, never below zero.
  const lo = Math.max(0, Math.min(...all) * 0.95);
  const hi = Math.max(...all) * 1.05 || 1;
  const x = (v: number) => LEFT + ((v - lo) / (hi - lo)) * (WIDTH - LEFT - 10);
  const height = input.rows.length * ROW + 48;
  const parts: string[] = [];
  input.rows.forEach((row, i) => {
    const y = 14 + i * ROW;
    parts.push(`<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${escapeXml(row.label)}</text>`);
    if (row.label === input.chosen && Number.isFinite(input.prediction.low)) {
      parts.push(
        `<rect class="band" x="${x(input.prediction.low)}" y="${y - 9}" ` +
          `width="${Math.max(1, x(input.prediction.high) - x(input.prediction.low))}" height="18" />`,
      );
    }
    for (const v of row.values) parts.push(`<circle class="run" cx="${x(v)}" cy="${y}" r="4" />`);
  });
  const axisY = input.rows.length * ROW + 4;
  const rx = x(input.reader);
  parts.push(`<line class="reader" x1="${rx}" x2="${rx}" y1="2" y2="${axisY}" />`);
  parts.push(`<line class="axis" x1="${LEFT}" x2="${WIDTH - 10}" y1="${axisY}" y2="${axisY}" />`);
  parts.push(
    `<text x="${LEFT}" y="${axisY + 16}">${fmt(lo)}</text>`,
    `<text x="${WIDTH - 10}" y="${axisY + 16}" text-anchor="end">${fmt(hi)}</text>`,
  );
  parts.push(
    `<text x="${(LEFT + WIDTH) / 2}" y="${axisY + 36}" text-anchor="middle">${escapeXml(input.unit)}; the line is ` +
      `your run (${fmt(input.reader)})</text>`,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" ` +
    `height="${height}" font-size="13" fill="currentColor">${parts.join("")}</svg>`
  );
}
