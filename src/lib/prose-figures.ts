/** A result-like number typed into prose, where a component should render it from data. */
export interface TypedFigure {
  line: number;
  text: string;
}

// Percentages, multipliers and quantities with a measurement unit: what results look like.
// Confidence and significance levels ("the 95% interval", "the 5% level") are statistics
// vocabulary, not results.
const UNITS =
  String.raw`%(?!\s(?:interval|confidence|level))|×|x faster|x slower|ms|µs|us|ns|s\b|sec(?:onds?)?\b|` +
  String.raw`MiB\/s|GiB\/s|MB\/s|GB\/s|events\/s|ops\/s|IOPS`;
const RESULT_LIKE = new RegExp(String.raw`(?<![\w.])[+−-]?\d+(?:[.,]\d+)?\s?(?:${UNITS})`, "g");

/**
 * Finds result-like figures in the prose of an MDX page: outside frontmatter, code fences,
 * inline code, import lines and component tags (which render numbers from data).
 */
export function findTypedFigures(mdx: string): TypedFigure[] {
  const found: TypedFigure[] = [];
  const lines = mdx.split("\n");
  let inFrontmatter = lines[0] === "---";
  let inFence = false;
  lines.forEach((raw, i) => {
    if (i > 0 && inFrontmatter) {
      if (raw === "---") inFrontmatter = false;
      return;
    }
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      return;
    }
    if (inFence || inFrontmatter || /^import\s/.test(raw)) return;
    const prose = raw
      .replace(/`[^`]*`/g, "")
      .replace(/<[^>]*>/g, "")
      .replace(/\]\([^)]*\)/g, "]");
    for (const match of prose.matchAll(RESULT_LIKE)) found.push({ line: i + 1, text: match[0].trim() });
  });
  return found;
}
