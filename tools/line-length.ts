/**
 * Fails when a source line is longer than 120 characters (the formatters cannot break long
 * strings or prose): prints each as `file:line: length` to stderr. Part of `npm run lint`.
 * The markup of .astro templates is left out: no formatter breaks it safely (Prettier's Astro
 * plugin changed the rendered text, e.g. spaces before commas), and a hand-made break next to
 * an {expression} can change the text; their frontmatter is checked like any TypeScript.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const LIMIT = 120;
// Code, components, pages and guides; not results data, fixtures, lockfiles or Markdown tables.
const CHECKED = /\.(ts|mjs|astro|mdx|css|yaml)$/;
const SKIPPED = /^(data|test\/fixtures)\//;

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => CHECKED.test(f) && !SKIPPED.test(f));
/** The lines of a file that are checked: all, or an .astro file's frontmatter. */
function checkedLines(file: string): string[] {
  const lines = readFileSync(file, "utf8").split("\n");
  if (!file.endsWith(".astro") || lines[0] !== "---") return lines;
  const end = lines.indexOf("---", 1);
  return lines.slice(0, end < 0 ? lines.length : end);
}

let long = 0;
for (const file of files) {
  for (const [i, line] of checkedLines(file).entries()) {
    // Characters as a reader counts them, not UTF-16 units.
    const length = [...line].length;
    if (length > LIMIT) {
      process.stderr.write(`${file}:${i + 1}: ${length} characters (at most ${LIMIT})\n`);
      long++;
    }
  }
}
if (long > 0) {
  process.stderr.write(`${long} line(s) longer than ${LIMIT} characters: break them (npm run format does code).\n`);
  process.exitCode = 1;
}
