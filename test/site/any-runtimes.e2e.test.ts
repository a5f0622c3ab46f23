import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";
import { FakeKubeApi } from "../helpers/fake-kube-api.ts";
import { IMAGE, NODES, runKubeCampaign } from "../helpers/kube-campaign.ts";
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

// A runtime no page or component knows (Kata), in a campaign recorded by the Kubernetes target
// against the in-process API server: SYNTHETIC test data in a temporary folder, labelled so in its
// release, NOT a cluster run, never in data/. Its numbers are real sysbench runs on this machine.
describe("a site built from a campaign with a runtime it has never seen (kata, in-process API server)", () => {
  it("builds, and the guide and campaign pages show kata against runc", async () => {
    const work = await mkdtemp(join(tmpdir(), "parity-kata-site-"));
    const api = await new FakeKubeApi({
      nodes: [
        ...NODES,
        {
          name: "kata-node",
          labels: { "parity/runtime": "kata" },
          kernelVersion: "6.12.40-kata-guest",
          images: [IMAGE],
        },
      ],
      runtimeClasses: { kata: { handler: "kata" } },
    }).start();
    try {
      const { error } = await runKubeCampaign(api, work, {
        id: "synthetic-kata",
        guides: ["cpu"],
        runtimes: ["runc", "kata"],
        release: "SYNTHETIC in-process API server, not a cluster",
      });
      expect(error).toBeUndefined();
      const site = await buildSite(work);
      try {
        expect(site.code, site.log).toBe(0);
        const campaignPage = await readFile(join(site.out, "campaigns", "synthetic-kata", "index.html"), "utf8");
        expect(campaignPage).toContain("SYNTHETIC in-process API server, not a cluster");
        expect(campaignPage).toMatch(/<tr data-runtime="kata"/);
        const guidePage = await readFile(join(site.out, "guides", "cpu", "index.html"), "utf8");
        expect(guidePage).toMatch(/kata vs runc/);
        expect(guidePage).not.toMatch(/gvisor vs/);
      } finally {
        await site.remove();
      }
    } finally {
      await api.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
