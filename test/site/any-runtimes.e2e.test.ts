import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";
import { buildSite } from "../helpers/site-build.ts";

// Pages are generated for whatever runtimes a campaign has: a campaign without gVisor, made here
// for real, builds, and its guide page names the runtimes it ran and no other.
describe("a site built from a campaign without gVisor (host and runc)", () => {
  it("builds, and the guide page shows its runtimes' figures", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-any-runtimes-"));
    const made = await parity(
      ["run", "cpu", "--quick", "--runs", "2", "--runtimes", "host,runc", "--campaign", "no-gvisor"].concat([
        "--data",
        data,
      ]),
    );
    expect(made.code, made.stderr).toBe(0);
    const site = await buildSite(data);
    try {
      expect(site.code, site.log).toBe(0);
      const page = await readFile(join(site.out, "guides", "cpu", "index.html"), "utf8");
      const figures = /<ul class="runtime-figures"[\s\S]*?<\/ul>/.exec(page)?.[0] ?? "";
      expect(figures).toMatch(/runc vs host/);
      expect(figures).not.toMatch(/gvisor/);
    } finally {
      await site.remove();
      await rm(data, { recursive: true, force: true });
    }
  });
});
