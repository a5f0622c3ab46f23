/**
 * Where .astro files stand in the layers of .dependency-cruiser.mjs, which dependency-cruiser
 * cannot read in .astro: every .astro file is the site's, the top layer, wherever it lives (a
 * guide keeps its own page pieces in its folder, e.g. runners/guides/jitter/JitterDistribution.astro).
 * So an .astro file may import any layer of runners/ and the site's components and data module,
 * and no module of runners/ may import an .astro file or anything under src/. Prints each
 * violation as `file: → import` to stderr. Part of `npm run lint`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const modules = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "runners"], {
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => /\.(ts|mjs)$/.test(f));
let wrong = 0;
for (const file of modules) {
  for (const [, spec] of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\s[^"']*["']([^"']+)["']/gm)) {
    if (!spec!.startsWith(".")) continue;
    const target = normalize(join(dirname(file), spec!.replace(/\?.*$/, "")));
    if (target.endsWith(".astro") || target.startsWith("src/")) {
      process.stderr.write(`${file}: → ${target} (the site's, the layer above every module of runners/)\n`);
      wrong++;
    }
  }
}
if (wrong > 0) {
  process.stderr.write(`${wrong} import(s) of runners/ reach the site: see .dependency-cruiser.mjs.\n`);
  process.exit(1);
}
