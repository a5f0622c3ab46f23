import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { actionlint } from "../helpers/actionlint.ts";

// The documented static deploy: the README's workflow passes actionlint (built from the Go module
// proxy), and a build for an address under a sub-path is self-contained: every link stays under
// it, and the sitemap lists the published address.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const workflow = join(repo, ".github", "workflows", "site.yml");

/** Every file under `dir`, recursively. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("publishing the site", () => {
  it("the deploy workflow passes actionlint, which refuses a broken copy of it", async () => {
    const lint = await actionlint();
    const ok = await execa(lint, [workflow], { reject: false, all: true });
    expect(ok.exitCode, ok.all).toBe(0);
    const dir = await mkdtemp(join(tmpdir(), "parity-workflow-"));
    try {
      const broken = join(dir, "site.yml");
      await writeFile(broken, (await readFile(workflow, "utf8")).replace("needs: build", "needs: bulid"));
      const bad = await execa(lint, [broken], { reject: false, all: true });
      expect(bad.exitCode).toBe(1);
      expect(bad.all).toMatch(/needs job "bulid" which does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("builds for an address under a sub-path: links stay under it, and the sitemap lists that address", async () => {
    const out = await mkdtemp(join(tmpdir(), "parity-deploy-"));
    try {
      // Vitest sets BASE_URL for its own Vite; a build inheriting it would ignore the configured base.
      const { BASE_URL: _, ...inherited } = process.env;
      const build = await execa("npx", ["astro", "build"], {
        cwd: repo,
        env: {
          ...inherited,
          PARITY_OUT_DIR: out,
          PARITY_SITE_URL: "https://example.org",
          PARITY_BASE_PATH: "/parity/",
        },
        extendEnv: false,
        reject: false,
        all: true,
      });
      expect(build.exitCode, String(build.all)).toBe(0);
      expect(String(build.all)).not.toMatch(/\[WARN\]/);
      const sitemap = await readFile(join(out, "sitemap-0.xml"), "utf8");
      expect(sitemap).toContain("<loc>https://example.org/parity/guides/cpu/</loc>");
      const escaping: string[] = [];
      for (const file of (await files(out)).filter((f) => f.endsWith(".html"))) {
        const html = await readFile(file, "utf8");
        for (const [, url] of html.matchAll(/(?:href|src)="(\/[^"]*)"/g))
          if (!url!.startsWith("/parity/")) escaping.push(`${file.slice(out.length)}: ${url}`);
      }
      expect(escaping).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
