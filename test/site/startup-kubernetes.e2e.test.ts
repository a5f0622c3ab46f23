/**
 * The startup page's cluster section, built from a copy of data/ plus a startup campaign that
 * the Kubernetes target recorded against the in-process API server with scripted timings.
 * That campaign is test data in a temporary folder, NOT a cluster run, and never enters data/.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser.ts";
import { FakeKubeApi } from "../helpers/fake-kube-api.ts";
import { startupKubelet } from "../helpers/fake-kubelet.ts";
import { NODES, runKubeCampaign } from "../helpers/kube-campaign.ts";
import { buildSite, copyOfData } from "../helpers/site-build.ts";
import { serveStatic } from "../helpers/static-server.ts";

describe("startup page with a Kubernetes campaign", () => {
  it("shows each sample's resolution, the phases and the other clocks beside the watch", async () => {
    const { data, remove } = await copyOfData();
    const work = await mkdtemp(join(tmpdir(), "parity-kube-site-"));
    const api = await new FakeKubeApi({
      nodes: NODES,
      runtimeClasses: { edera: { handler: "edera" } },
      kubelet: startupKubelet((_pod, i) => ({
        scheduledMs: 40,
        runningMs: 240 + 20 * i,
        readyMs: 400 + 20 * i,
        pulled: i === 2,
      })),
    }).start();
    try {
      const { error } = await runKubeCampaign(api, work, {
        id: "zz-kube-startup",
        guides: ["startup"],
        runs: 3,
        runsGiven: true,
        quick: false,
      });
      expect(error).toBeUndefined();
      await cp(join(work, "campaigns", "zz-kube-startup"), join(data, "campaigns", "zz-kube-startup"), {
        recursive: true,
      });
      const build = await buildSite(data);
      expect(build.code, build.log).toBe(0);
      const server = await serveStatic(build.out);
      const browser = await launchChromium();
      const page = await browser.newPage();
      await page.goto(`${server.url}/guides/startup/`);
      const section = page.locator('section[data-section="startup-kubernetes"]');
      expect(await section.locator("figure.chart svg").count()).toBe(2);
      // Two views per counted pod: 3 runs on each of 2 runtimes, one excluded for its image pull.
      expect(await section.locator("figure.chart").first().locator("svg g.mark-symbol.role-mark path").count()).toBe(
        2 * (6 - 1),
      );
      expect(await section.locator('tr[data-metric="excluded"]').textContent()).toMatch(/1/);
      expect(await section.locator('tr[data-metric="apiReadyS"] td').first().textContent()).toMatch(
        /^\d+ \(max \d+\)$/,
      );
      expect(await section.textContent()).toMatch(/The API server's clock was .* ms off the runner's/);
      await browser.close();
      await server.close();
      await build.remove();
    } finally {
      await api.stop();
      await remove();
      await rm(work, { recursive: true, force: true });
    }
  });
});
