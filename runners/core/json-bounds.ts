/**
 * How deep any JSON Parity reads may nest. Its own files nest about 6 deep and fio's JSON about
 * 8; refusing deeper input before JSON.parse keeps a pathological file (millions of `[`) from
 * costing gigabytes of memory first.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The first position where `text` nests deeper than `max` arrays or objects, or -1: one pass
 * over the characters, brackets inside strings ignored. Pure, so the browser panel uses it too.
 */
export function jsonTooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** Where the JSON value starting at `start` ends (the index after its closing brace), or -1 if it never closes. */
export function jsonEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
  }
  return -1;
}
