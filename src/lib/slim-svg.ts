/**
 * Takes out of a Vega SVG what a reader never sees, so that a guide page with a dozen charts stays
 * within its weight budget (bench:site):
 * - ARIA roles and labels of the marks: the chart's wrapper is one `role="img"` with the whole
 *   text alternative, so nothing inside it reaches assistive technology anyway;
 * - background paths without fill or stroke, hidden paths, axis labels Vega hid to avoid overlap
 *   (opacity 0), attributes at their default, groups without attributes (they change nothing);
 * - class names of groups, and of marks all but their kind and role (`mark-symbol`, `role-axis-grid`),
 *   which the site's CSS colours by theme and tests count by;
 * - the font family on every text (the site's CSS sets it once);
 * - coordinates beyond a tenth of a pixel (in attributes only: the text keeps its digits).
 */
export function slimSvg(svg: string): string {
  const trimmed = svg
    .replace(/<path class="background"(?: aria-hidden="true")? d="[^"]*"(?: pointer-events="none")?\/>/g, "")
    .replace(/<path d="" display="none"\/>/g, "")
    .replace(/<text[^>]*\sopacity="0"[^>]*>[^<]*<\/text>/g, "")
    .replace(/ (?:role|aria-roledescription|aria-label|aria-hidden|pointer-events)="[^"]*"/g, "")
    .replace(/ (?:opacity="1"|x2="0"|y2="0"|transform="translate\(0,0\)")/g, "")
    .replace(/ font-family="[^"]*"/g, "")
    .replace(/ class="([^"]*)"/g, (_, names: string) => {
      // Groups lose theirs, so that a group with nothing else to say can be unwrapped.
      const kept = names.includes("mark-group")
        ? []
        : names.split(" ").filter((name) => name.startsWith("mark-") || name.startsWith("role-"));
      return kept.length > 0 ? ` class="${kept.join(" ")}"` : "";
    })
    .replace(/="([^"]*)"/g, (_, value: string) => `="${value.replace(/(\d\.\d)\d+/g, "$1")}"`);
  return unwrapBareGroups(trimmed);
}

/** Removes every `<g>` without attributes together with its matching `</g>`, keeping what it holds. */
function unwrapBareGroups(svg: string): string {
  const open: boolean[] = [];
  return svg.replace(/<g(\s[^>]*)?>|<\/g>/g, (tag, attributes: string | undefined) => {
    if (tag === "</g>") return open.pop() ? "</g>" : "";
    open.push(attributes !== undefined);
    return attributes !== undefined ? tag : "";
  });
}
