/**
 * Fails when a source line is longer than 120 characters (the formatters cannot break long
 * strings or prose): prints each as `file:line: length` to stderr. Part of `npm run lint`.
 * No formatter breaks .astro markup safely (Prettier's Astro plugin changed the rendered text,
 * e.g. spaces before commas), so their lines are broken by hand, at spaces only.
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
let long = 0;
for (const file of files) {
  for (const [i, line] of readFileSync(file, "utf8").split("\n").entries()) {
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
