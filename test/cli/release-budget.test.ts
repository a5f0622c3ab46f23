import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRelease } from "../../runners/cli/release-run.ts";
import { isParityError } from "../../runners/core/errors.ts";
import { ReleaseConfigSchema } from "../../runners/schemas/release-config.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";

describe("a release fits one quiet window", () => {
  it("refuses to start when its planned runs alone would not fit its budget, and starts nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-budget-"));
    try {
      const store = new CampaignStore(dir);
      const config = ReleaseConfigSchema.parse({
        budgetMinutes: 1,
        maxRuns: 10,
        targets: [{ name: "local", target: "local", runtimes: ["runc", "gvisor"] }],
      });
      let started = false;
      const error = await runRelease("v9", config, {
        store,
        resume: false,
        allowBusy: true,
        progress: () => {
          started = true;
          throw new Error("no progress display: nothing may start");
        },
      }).catch((e: unknown) => e);
      expect(isParityError(error, "INVALID_INPUT")).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(
          String.raw`^Release v9's planned runs take about \d+ min by the guides' estimates, more than its budget ` +
            String.raw`of 1 min \(release\.yaml\)\. Next step: drop runtimes or guides`,
        ),
      );
      expect(started).toBe(false);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
