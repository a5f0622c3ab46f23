import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { parity } from "../helpers/cli.ts";

// An adaptive campaign (--until-conclusive) on this machine, for real: `parity show` and the
// campaign say how many runs each guide reached and, at the cap, which primary cells stayed open and
// what more runs would do for each.
describe("adaptive runs", () => {
  it("say how many runs a guide needed, or what it left open at the cap", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-adaptive-"));
    try {
      const run = await parity(
        [
          "run",
          "cpu",
          "--quick",
          "--runtimes",
          "host,runc",
          "--runs",
          "2",
          "--until-conclusive",
          "--max-runs",
          "3",
        ].concat(["--campaign", "adaptive", "--data", data]),
      );
      expect(run.code, run.stderr).toBe(0);
      const campaign = CampaignSchema.parse(
        JSON.parse(await readFile(join(data, "campaigns", "adaptive", "campaign.json"), "utf8")),
      );
      expect(campaign.maxRuns).toBe(3);
      const reached = campaign.guideRuns?.cpu ?? campaign.runs;
      const shown = await parity(["show", "adaptive", "--data", data]);
      expect(shown.code).toBe(0);
      const line = shown.stdout.split("\n").find((l) => l.startsWith("cpu: "));
      expect(line).toMatch(
        new RegExp(`^cpu: ${reached} runs per runtime, adaptive \\(--until-conclusive, at most 3\\)`),
      );
      // Settled, or stopped at the cap naming what stayed open, with the verdict the table shows.
      if (reached < 3) expect(line).toMatch(/: every primary verdict settled$/);
      else
        expect(line).toMatch(
          new RegExp(
            ": (every primary verdict settled|stopped unsettled at the cap; still open: runc vs host, Events per " +
              "second: inconclusive, (about \\d+ runs per runtime would settle it \\(80% power at this variation\\)|" +
              "more runs would not settle it at this variation \\(not within 1000 per runtime\\)))$",
          ),
        );
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
