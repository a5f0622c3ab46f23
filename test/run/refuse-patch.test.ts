import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refusePatch } from "../../runners/run/refuse-patch.ts";
import type { CampaignOptions } from "../../runners/run/run-context.ts";
import { type Campaign, CampaignSchema } from "../../runners/schemas/campaign.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";

let dir: string;
let store: CampaignStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "parity-patch-"));
  store = new CampaignStore(dir);
  const recorded: Campaign = CampaignSchema.parse({
    schemaVersion: 1,
    id: "v9.0.0-local",
    release: "v9.0.0",
    quick: false,
    status: "complete",
    startedAt: "2026-12-07T10:00:00.000Z",
    parity: { version: "0.1.0" },
    target: { kind: "local", description: "this machine" },
    baseline: "runc",
    runtimes: ["runc", "gvisor"],
    runs: 5,
    noiseFloor: true,
    thresholdPercent: 5,
    hosts: [],
    guides: ["cpu"],
    warnings: [],
  });
  await store.claim(recorded.id, false);
  await store.writeCampaign(recorded);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const asked = (o: Partial<CampaignOptions>) => ({ id: "again", release: "v9.0.0", ...o }) as CampaignOptions;

describe("a release is one record", () => {
  it("refuses a second campaign of a release on the same kind of target, saying what to do", async () => {
    await expect(refusePatch(store, asked({}), "local")).rejects.toThrow(
      "Release v9.0.0 already has campaign v9.0.0-local on the local target. Next step: re-measuring makes a new " +
        "release, never a patch of an old one",
    );
  });

  it("lets the release's other target, a new label, a resume and an unlabelled campaign through", async () => {
    await expect(refusePatch(store, asked({}), "kubernetes")).resolves.toBeUndefined();
    await expect(refusePatch(store, asked({ release: "v9.0.1" }), "local")).resolves.toBeUndefined();
    await expect(refusePatch(store, asked({ id: "v9.0.0-local", resume: true }), "local")).resolves.toBeUndefined();
    await expect(refusePatch(store, asked({ release: undefined }), "local")).resolves.toBeUndefined();
  });
});
