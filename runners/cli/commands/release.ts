import { join } from "node:path";
import { defineCommand } from "citty";
import { ParityError } from "../../core/errors.ts";
import { diffWithPrevious, releaseDiff } from "../../release/release-diff.ts";
import { formatReleaseDiff } from "../../report/format-release-diff.ts";
import { createProgress } from "../../run/progress.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { readReleases } from "../../store/read-releases.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { guarded } from "../guard.ts";
import { loadReleaseConfig } from "../load-release-config.ts";
import { dataArg, dataDir, repoRoot } from "../paths.ts";
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

export const releaseCommand = defineCommand({
  meta: {
    name: "release",
    description:
      "Regenerate every published number for release LABEL (every target in release.yaml, adaptive runs within its " +
      "time budget, parity check, the site build), or `parity release diff A B`: what changed between two releases",
  },
  args: {
    label: { type: "positional", required: true, description: "Release label, e.g. v0.3.0; or `diff`" },
    config: {
      type: "string",
      description: "The release configuration (default: release.yaml in the repository)",
      valueHint: "file",
    },
    resume: {
      type: "boolean",
      default: false,
      description: "Complete an interrupted release: finished campaigns are kept, a partial one is resumed",
    },
    "allow-busy": {
      type: "boolean",
      default: false,
      description: "Start although others use the machine (recorded as a warning in each campaign)",
    },
    build: { type: "boolean", default: true, description: "Build the site afterwards (--no-build: do not)" },
    json: { type: "boolean", default: false, description: "Progress as JSON lines on stderr; diff: JSON on stdout" },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const data = dataDir(args.data);
      const store = new CampaignStore(join(data, "campaigns"));
      if (args.label === "diff") return diff(store, (args._ as string[]).slice(1), args.json);
      const config = await loadReleaseConfig(args.config ?? join(repoRoot, "release.yaml"));
      await writeSchemas(data);
      const mode = args.json ? "json" : process.stderr.isTTY ? "tty" : "plain";
      const campaigns = await runRelease(args.label, config, {
        store,
        resume: args.resume,
        allowBusy: args["allow-busy"],
        progress: (estimates) => createProgress({ estimates, mode }),
      });
      process.stderr.write(`Release ${args.label}: ${campaigns.map((c) => c.id).join(", ")} complete and checked.\n`);
      if (args.build) await buildSite(data);
      const changes = diffWithPrevious(await readReleases(store), args.label);
      process.stdout.write(
        changes ? formatReleaseDiff(changes) : `Release ${args.label} is the first: there is nothing to compare.\n`,
      );
    }),
});
