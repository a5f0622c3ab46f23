import { access, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ARM_LABEL, runLabel } from "../contracts/raw-log.ts";
import { isParityError } from "../core/errors.ts";
import { wasRerun } from "../core/machine-state.ts";
import { guideFingerprint, guides } from "../guides/index.ts";
import { isNotRunnable } from "../plan/not-runnable.ts";
import { planCampaign } from "../plan/plan-campaign.ts";
import type { Campaign } from "../schemas/campaign.ts";
import { METHOD_CHANGES, METHOD_VERSION } from "../schemas/common.ts";
import { jsonSchemas } from "../schemas/json-schema.ts";
import type { CampaignStore } from "./campaign-store.ts";
import { verifyDigests } from "./digests.ts";
import { verifyFacts, verifyToolVersions } from "./verify-facts.ts";
import { verifyRawLogs } from "./verify-raw-logs.ts";

/** What `parity check` found in one place. */
export interface CheckEntry {
  /** Campaign id, or "schema" for the published JSON Schemas. */
  scope: string;
  problems: string[];
  /**
   * Guides whose definition changed since the campaign ran: a problem for `parity check`, but not
   * a sign of tampering, so the site still builds and marks their numbers stale on the page.
   */
  stale: string[];
  /** Facts worth knowing that do not fail the check (a partial campaign). */
  notes: string[];
}

/** Symbolic links anywhere under a campaign folder, relative to it: results are regular files only. */
async function links(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) out.push(relative(root, path));
    else if (entry.isDirectory()) out.push(...(await links(path, root)));
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function message(error: unknown): string {
  return isParityError(error) ? error.message : String(error);
}

/** Checks one campaign: valid files, raw logs present, runs complete, numbers not stale. */
export async function checkCampaign(store: CampaignStore, id: string): Promise<CheckEntry> {
  const entry: CheckEntry = { scope: id, problems: [], stale: [], notes: [] };
  let campaign: Campaign;
  try {
    campaign = await store.readCampaign(id);
  } catch (error) {
    entry.problems.push(message(error));
    return entry;
  }
  for (const link of await links(store.dir(id)))
    entry.problems.push(
      `${link} is a symbolic link: a campaign holds regular files only, and nothing outside data/ may be read into ` +
        `the site. Remove it.`,
    );
  if (campaign.id !== id)
    entry.problems.push(
      `campaign.json says id "${campaign.id}" but lives in folder "${id}"; move it or fix the folder name.`,
    );
  const method = campaign.method ?? 1;
  if (method < METHOD_VERSION && !campaign.historical) {
    entry.problems.push(
      `made with measurement method ${method}; Parity now measures with method ${METHOD_VERSION} ` +
        `(${METHOD_CHANGES[METHOD_VERSION]}). ` +
        `Re-run it, or keep it as history: \`parity historical ${id} --reason "…"\`.`,
    );
  }
  if (method > METHOD_VERSION)
    entry.problems.push(
      `made with measurement method ${method}, which this version of Parity (method ${METHOD_VERSION}) does not ` +
        `know: it cannot verify it. Check it with the Parity that wrote it, or update Parity.`,
    );
  if (!campaign.historical) entry.problems.push(...(await verifyFacts(store, campaign)));
  if (campaign.historical) entry.notes.push(`historical (method ${method}): ${campaign.historical}`);
  if (campaign.status === "complete") entry.problems.push(...(await verifyDigests(store.dir(id))));
  if (campaign.status === "partial")
    entry.notes.push(
      `partial campaign${campaign.interruption ? ` (${campaign.interruption})` : ""}: resume or re-run it before ` +
        `publishing.`,
    );
  for (const guideId of campaign.guides) {
    if (!(await store.guideExists(id, guideId))) {
      if (campaign.status === "complete")
        entry.problems.push(`${guideId}.json is missing although the campaign is complete.`);
      continue;
    }
    let result: Awaited<ReturnType<CampaignStore["readGuide"]>>;
    try {
      result = await store.readGuide(id, guideId);
    } catch (error) {
      entry.problems.push(message(error));
      continue;
    }
    if (!guides.has(guideId)) {
      entry.problems.push(
        `${guideId}.json belongs to guide "${guideId}", which this version of Parity does not define.`,
      );
      continue;
    }
    const guide = guides.get(guideId);
    if (result.guideVersion > guide.version) {
      entry.problems.push(
        `${guideId}.json was measured with guide version ${result.guideVersion}, newer than this Parity's ` +
          `${guide.version}: it cannot verify it. Update Parity.`,
      );
      continue;
    }
    if (!campaign.historical) entry.problems.push(...verifyToolVersions(campaign, guide, result));
    let current: string;
    try {
      current = guideFingerprint(guide, result.parameters);
    } catch (error) {
      entry.problems.push(`${guideId}.json: ${message(error)}`);
      continue;
    }
    const keptGuide = campaign.historicalGuides?.[guideId];
    if (keptGuide) entry.notes.push(`${guideId}: kept as history: ${keptGuide}`);
    if (current !== result.fingerprint && !campaign.historical && !keptGuide) {
      entry.stale.push(
        `${guideId}: stale numbers — the guide's definition changed since this campaign ran (fingerprint ` +
          `${result.fingerprint.slice(0, 19)}… is now ${current.slice(0, 19)}…). Re-run the guide to publish numbers ` +
          `for the current commands.`,
      );
    }
    for (const m of result.measurements) {
      for (const step of m.steps) {
        if (!(await exists(join(store.dir(id), step.rawLog)))) {
          entry.problems.push(
            `${guideId}: raw log ${step.rawLog} of ${m.runtime} run ${m.run} is missing; every number must keep its ` +
              `raw log.`,
          );
        }
      }
    }
    const logs = await verifyRawLogs(store.dir(id), guides.get(guideId), result);
    entry.problems.push(...logs.problems);
    entry.notes.push(...logs.notes);
    for (const cell of result.notRunnable ?? []) {
      for (const log of [cell.rawLog, cell.runtimeLog].filter((l): l is string => l !== undefined)) {
        if (!(await exists(join(store.dir(id), log))))
          entry.problems.push(
            `${guideId}: raw log ${log} of the not-runnable attempt on ${cell.runtime} is missing; the reason must ` +
              `keep its evidence.`,
          );
      }
    }
    if (campaign.status === "complete") {
      // The very plan the campaign ran: runs per arm, warm-ups included.
      const plan = planCampaign(campaign, (g) => guides.get(g))
        .find((p) => p.guide === guideId)!
        .order();
      const arms = new Map(
        plan.map((run) => [
          `${run.runtime}/${run.arm}/${run.variant ?? ""}`,
          {
            ...run,
            runs: plan.filter((r) => r.runtime === run.runtime && r.arm === run.arm && r.variant === run.variant)
              .length,
          },
        ]),
      );
      for (const arm of arms.values()) {
        const ofArm = result.measurements.filter(
          (m) => m.runtime === arm.runtime && m.arm === arm.arm && m.variant === arm.variant,
        );
        // A run made again on a busy or slowed machine is one run: only its last attempt may count.
        const n = new Set(ofArm.map((m) => m.run)).size;
        for (const m of ofArm.filter((x) => x.attempt !== undefined)) {
          const earlier = ofArm.find((x) => x.run === m.run && (x.attempt ?? 1) === m.attempt! - 1);
          if (!earlier || !wasRerun(earlier))
            entry.problems.push(
              `${guideId}: ${runLabel(guideId, m)} has no earlier attempt left out for a busy or slowed machine: an ` +
                "attempt only follows one.",
            );
        }
        // A runtime that cannot run the guide as defined has its attempt on record instead of runs.
        const planned = isNotRunnable(result.notRunnable, arm) ? 0 : arm.runs;
        if (n !== planned)
          entry.problems.push(
            `${guideId}: ${arm.runtime}${arm.variant ? ` (${arm.variant})` : ""}${ARM_LABEL[arm.arm]} has ${n} runs, ` +
              `the campaign planned ${planned}.`,
          );
      }
    }
  }
  return entry;
}

/** Checks that the committed JSON Schemas under `schemaDir` match the zod schemas. */
export async function checkSchemas(schemaDir: string): Promise<CheckEntry> {
  const entry: CheckEntry = { scope: "schema", problems: [], stale: [], notes: [] };
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    const path = join(schemaDir, file);
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined) entry.problems.push(`${file} is missing; write it with \`parity schema --write\`.`);
    else if (text !== `${JSON.stringify(schema, null, 2)}\n`)
      entry.problems.push(`${file} is out of date with the zod schemas; regenerate it with \`parity schema --write\`.`);
  }
  return entry;
}

/** Checks every campaign under the store and the published schemas. */
export async function checkAll(store: CampaignStore, schemaDir: string): Promise<CheckEntry[]> {
  const entries = [await checkSchemas(schemaDir)];
  for (const name of await store.strays())
    entries.push({
      scope: name,
      problems: [
        `${name} under ${store.display(store.root)} is not a campaign folder (a symbolic link or a file): ` +
          "campaigns are regular folders, and nothing outside data/ may be read into the site. Remove it.",
      ],
      stale: [],
      notes: [],
    });
  for (const id of await store.list()) entries.push(await checkCampaign(store, id));
  return entries;
}
