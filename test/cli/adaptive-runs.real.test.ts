import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { parity } from "../helpers/cli.ts";

// An adaptive campaign (--until-conclusive) on this machine, for real: the campaign records its
// group-sequential plan, and `parity show` says how many runs each guide reached and, at the plan's
// last look, which primary cells stayed open and how precisely each is known.
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
      expect(campaign.sequential).toEqual({ alpha: 0.05, spending: "obrien-fleming", looks: { cpu: [2, 3] } });
      const reached = campaign.guideRuns?.cpu ?? campaign.runs;
      const shown = await parity(["show", "adaptive", "--data", data]);
      expect(shown.code).toBe(0);
      const line = shown.stdout.split("\n").find((l) => l.startsWith("cpu: "));
      expect(line).toMatch(
        new RegExp(
          `^cpu: ${reached} runs per runtime, group-sequential \\(looks at 2, 3 runs, O'Brien–Fleming-type α ` +
            "spending; verdicts at the [0-9.]+% interval of the look reached\\)",
        ),
      );
      // Settled, or stopped at the last look naming what stayed open, with the verdict the table shows.
      if (reached < 3) expect(line).toMatch(/: every primary verdict settled$/);
      else
        expect(line).toMatch(
          new RegExp(
            ": (every primary verdict settled|stopped open at the plan's last look; still open: runc vs host, Events " +
              "per second: inconclusive, (between .+|.+ (higher|lower) than host|.+× host's) \\([0-9.]+% interval, " +
              "±[0-9.]+ points\\))$",
          ),
        );
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});
