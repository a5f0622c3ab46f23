import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTypedFigures } from "../../src/lib/prose-figures.ts";

async function mdxFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? mdxFiles(join(dir, e.name))
        : Promise.resolve(/\.mdx?$/.test(e.name) ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

describe("numbers in prose come from data", () => {
  it("flags result-like figures typed into prose, with their line", () => {
    const mdx = [
      "---",
      "title: 5% faster",
      "---",
      "Edera was 3.3% faster and started in 2 seconds.",
      "```sh",
      "sysbench --time=10 run # 10s",
      "```",
      "Threads: `16` on 15 vCPUs.",
      '<Figure guide="cpu" show="delta" /> is fine.',
    ].join("\n");
    expect(findTypedFigures(mdx)).toEqual([
      { line: 4, text: "3.3%" },
      { line: 4, text: "2 seconds" },
    ]);
  });

  it("finds none in the site's pages", async () => {
    const root = new URL("../../content/docs/", import.meta.url).pathname;
    const offenders: string[] = [];
    for (const file of await mdxFiles(root)) {
      for (const f of findTypedFigures(await readFile(file, "utf8")))
        offenders.push(`${file.slice(root.length)}:${f.line}: "${f.text}"`);
    }
    expect(offenders, "render result figures with <Figure> from data, do not type them").toEqual([]);
  });

  it("finds none in the front door and the architecture notes, which link to the pages instead", async () => {
    const root = new URL("../../", import.meta.url).pathname;
    const offenders: string[] = [];
    for (const file of ["README.md", "ARCHITECTURE.md"])
      for (const f of findTypedFigures(await readFile(join(root, file), "utf8")))
        offenders.push(`${file}:${f.line}: "${f.text}"`);
    expect(offenders, "figures live in data/ and on the pages computed from it").toEqual([]);
  });

  it("keeps README.md a front door: at most 8 KB", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8192);
  });
});

describe("the site's install path", () => {
  it("is the README's first command, word for word", async () => {
    const firstCommand = (text: string) =>
      /```sh\n([\s\S]*?)```/
        .exec(text)?.[1]
        ?.replace(/\\\n\s*/g, "")
        .replace(/\s+/g, " ")
        .trim();
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const home = await readFile(new URL("../../content/docs/index.mdx", import.meta.url), "utf8");
    expect(firstCommand(readme)).toMatch(/npm ci && npx parity run/);
    expect(firstCommand(home)).toBe(firstCommand(readme));
  });
});
