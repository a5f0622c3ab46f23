import { join } from "node:path";
import * as z from "zod";
import { ParityError } from "../../core/errors.ts";
import { diffWithPrevious, releaseDiff } from "../../release/release-diff.ts";
import { formatReleaseDiff } from "../../report/format-release-diff.ts";
import { createProgress } from "../../run/progress.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { readReleases } from "../../store/read-releases.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { cliMeta } from "../command-options.ts";
import { loadReleaseConfig } from "../load-release-config.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption, repoRoot } from "../paths.ts";
import { buildSite, runRelease } from "../release-run.ts";

/** `parity release diff A B`: release B against release A, printed (or as JSON). */
async function diff(store: CampaignStore, labels: readonly string[], json: boolean): Promise<void> {
  if (labels.length !== 2)
    throw new ParityError("INVALID_INPUT", {
      what: `\`parity release diff\` compares two releases; it was given ${labels.length}`,
      next: "name the earlier release and the later one, e.g. `parity release diff v0.2.0 v0.3.0`",
    });
  const releases = await readReleases(store);
  const [before, after] = labels.map((label) => {
    const release = releases.find((r) => r.label === label);
    if (!release)
      throw new ParityError("CAMPAIGN_NOT_FOUND", {
        what: `No complete campaign is recorded with release label "${label}"`,
        next: `pick one of: ${releases.map((r) => r.label).join(", ") || "(none yet: run `parity release LABEL`)"}`,
      });
    return release;
  });
  const result = releaseDiff({ before: before!.label, after: after!.label }, before!.campaigns, after!.campaigns);
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatReleaseDiff(result));
}

export const releaseCommand = parityCommand({
  name: "release",
  description:
    "Regenerate every published number for release LABEL (every target in release.yaml, adaptive runs within its " +
    "time budget, parity check, the site build), or `parity release diff A B`: what changed between two releases",
  options: z.object({
    label: z.string().describe("Release label, e.g. v0.3.0; or `diff`").register(cliMeta, { positional: true }),
    config: z
      .string()
      .optional()
      .describe("The release configuration (default: release.yaml in the repository)")
      .register(cliMeta, { valueHint: "file" }),
    resume: z
      .boolean()
      .default(false)
      .describe("Complete an interrupted release: finished campaigns are kept, a partial one is resumed"),
    allowBusy: z
      .boolean()
      .default(false)
      .describe("Start although others use the machine (recorded as a warning in each campaign)"),
    build: z.boolean().default(true).describe("Build the site afterwards (--no-build: do not)"),
    json: z.boolean().default(false).describe("Progress as JSON lines on stderr; diff: JSON on stdout"),
    data: dataOption,
  }),
  run: async (o, positionals) => {
    const data = dataDir(o.data);
    const store = new CampaignStore(join(data, "campaigns"));
    if (o.label === "diff") return diff(store, positionals.slice(1), o.json);
    const config = await loadReleaseConfig(o.config ?? join(repoRoot, "release.yaml"));
    await writeSchemas(data);
    const mode = o.json ? "json" : process.stderr.isTTY ? "tty" : "plain";
    const campaigns = await runRelease(o.label, config, {
      store,
      resume: o.resume,
      allowBusy: o.allowBusy,
      progress: (estimates) => createProgress({ estimates, mode }),
    });
    process.stderr.write(`Release ${o.label}: ${campaigns.map((c) => c.id).join(", ")} complete and checked.\n`);
    if (o.build) await buildSite(data);
    const changes = diffWithPrevious(await readReleases(store), o.label);
    process.stdout.write(
      changes ? formatReleaseDiff(changes) : `Release ${o.label} is the first: there is nothing to compare.\n`,
    );
  },
});
