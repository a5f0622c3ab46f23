/**
 * A long tool output shortened for a page: the first and last lines kept verbatim, the middle
 * replaced by one line that says how many lines the raw log holds there. Short outputs are
 * returned as they are.
 */
export function excerpt(text: string, head = 40, tail = 20): string {
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length <= head + tail + 1) return text;
  const hidden = lines.length - head - tail;
  const shown = [...lines.slice(0, head), `… ${hidden} more lines in the full raw log …`, ...lines.slice(-tail)];
  return `${shown.join("\n")}\n`;
}
