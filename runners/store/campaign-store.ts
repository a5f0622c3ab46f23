import { access, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { z } from "zod";
import { rawLogProbe, rawLogToolOutput } from "../contracts/raw-log.ts";
import { ParityError } from "../core/errors.ts";
import { friendlyParse } from "../core/friendly-parse.ts";
import { jsonTooDeepAt, MAX_JSON_DEPTH } from "../core/json-bounds.ts";
import { type Campaign, CampaignSchema } from "../schemas/campaign.ts";
import { IdSchema } from "../schemas/common.ts";
import { type GuideResult, GuideResultSchema } from "../schemas/guide-result.ts";
import { writeFileAtomic, writeJsonAtomic } from "./atomic-write.ts";
import { folderEntries } from "./digests.ts";
import { CAMPAIGN_FILE, guideFile, probeLog } from "./layout.ts";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The largest results file Parity reads: a campaign's largest, the I/O guide's, is under 1 MiB. */
const MAX_RESULTS_FILE_CHARS = 64 * 2 ** 20;

/** Reads and validates one JSON file, naming the file and the field on any problem. */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, label = path): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ParityError(
      "INVALID_DATA",
      { what: `Cannot read ${label}`, next: "restore it from git or re-run the campaign" },
      { cause: error },
    );
  }
  if (text.length > MAX_RESULTS_FILE_CHARS || jsonTooDeepAt(text) >= 0)
    throw new ParityError("INVALID_DATA", {
      what:
        `${label} is larger than ${MAX_RESULTS_FILE_CHARS / 2 ** 20} MiB or nests deeper than ${MAX_JSON_DEPTH} ` +
        "levels: it is not a file Parity wrote",
      next: "restore it from git or re-run the campaign",
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParityError(
      "INVALID_DATA",
      {
        what: `${label} is not valid JSON; the file may be truncated`,
        next: "restore it from git or re-run the campaign",
      },
      { cause: error },
    );
  }
  return friendlyParse(
    schema,
    data,
    label,
    "restore the file from git or re-run the campaign; results are never edited by hand",
  );
}

/**
 * The results folder `data/campaigns/<id>/`: campaign.json, one <guide>.json per guide and
 * raw/<guide>/<runtime>-<run>.log. Every write is atomic; an existing campaign is never
 * replaced unless the caller asked for it.
 */
export class CampaignStore {
  constructor(readonly root: string) {}

  /**
   * The folder of campaign `id`; an id that is not a plain name (`..`, a slash) is refused, so no
   * path leaves the store.
   */
  dir(id: string): string {
    friendlyParse(
      IdSchema,
      id,
      `Campaign id "${id}"`,
      "campaign ids are names under data/campaigns/, never paths",
      "INVALID_INPUT",
    );
    return join(this.root, id);
  }

  /** Path relative to the working directory, for messages. */
  display(path: string): string {
    return relative(process.cwd(), path) || ".";
  }

  async exists(id: string): Promise<boolean> {
    return access(join(this.dir(id), CAMPAIGN_FILE)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Claims the folder of a new campaign; refuses an existing one unless `force`. A replaced
   * campaign is moved aside, not deleted: it stays until the new one completes (dropReplaced).
   */
  async claim(id: string, force: boolean): Promise<void> {
    const dir = this.dir(id);
    const taken = await access(dir).then(
      () => true,
      () => false,
    );
    if (taken && !force) {
      throw new ParityError("CAMPAIGN_EXISTS", {
        what: `Campaign "${id}" already exists at ${this.display(dir)}`,
        next:
          "choose another --campaign id, or pass --force to replace it (it is kept aside until the new one " +
          "completes)",
      });
    }
    if (taken) {
      await rm(this.replacedDir(id), { recursive: true, force: true });
      await rename(dir, this.replacedDir(id));
    }
  }

  /** Where a campaign replaced with --force waits until its successor completes (hidden from list()). */
  replacedDir(id: string): string {
    return join(this.root, `.${id}.replaced`);
  }

  /** Deletes the campaign a completed one replaced. */
  async dropReplaced(id: string): Promise<void> {
    await rm(this.replacedDir(id), { recursive: true, force: true });
  }

  /**
   * Takes the campaign's lock (one writer at a time): `.<id>.lock` beside the folder holds the
   * writer's pid. A lock whose process is gone is cleared, and said so through `note`.
   */
  async lock(id: string, note: (message: string) => void): Promise<() => Promise<void>> {
    this.dir(id);
    const path = join(this.root, `.${id}.lock`);
    await mkdir(this.root, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, `${process.pid}\n`, { flag: "wx" });
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
        if (pid && pid !== process.pid && alive(pid)) {
          throw new ParityError("CAMPAIGN_BUSY", {
            what:
              `Campaign "${id}" is being written by another Parity process (pid ${pid}); ` +
              "two writers would run every missing run twice",
            next: "wait for it to finish, or stop it",
          });
        }
        note(`Campaign "${id}": cleared a stale lock left by process ${pid || "?"}, which is no longer running.`);
        await rm(path, { force: true });
      }
    }
    throw new ParityError("CAMPAIGN_BUSY", {
      what: `Campaign "${id}": could not take its lock at ${this.display(path)}`,
      next: "check that no other Parity process writes it, then run again",
    });
  }

  async writeCampaign(campaign: Campaign): Promise<void> {
    await writeJsonAtomic(
      join(this.dir(campaign.id), CAMPAIGN_FILE),
      friendlyParse(CampaignSchema, campaign, `campaign ${campaign.id}`),
    );
  }

  async writeGuide(id: string, result: GuideResult): Promise<void> {
    await writeJsonAtomic(
      join(this.dir(id), guideFile(result.guide)),
      friendlyParse(GuideResultSchema, result, `${id}/${guideFile(result.guide)}`),
    );
  }

  /** Writes a raw log and returns its path relative to the campaign folder. */
  async writeRaw(id: string, relativePath: string, text: string): Promise<string> {
    await writeFileAtomic(join(this.dir(id), relativePath), text);
    return relativePath;
  }

  async readCampaign(id: string): Promise<Campaign> {
    const path = join(this.dir(id), CAMPAIGN_FILE);
    if (!(await this.exists(id))) {
      const known = await this.list();
      throw new ParityError("CAMPAIGN_NOT_FOUND", {
        what: `No campaign "${id}" under ${this.display(this.root)}; known campaigns: ${known.join(", ") || "none"}`,
        next: "give the id of one of them, or run `parity run --campaign ID` first",
      });
    }
    // A campaign folder that links elsewhere would read files from outside data/ (forged numbers included).
    if ((await lstat(this.dir(id))).isSymbolicLink())
      throw new ParityError("INVALID_DATA", {
        what: `Campaign "${id}" under ${this.display(this.root)} is a symbolic link, not a folder`,
        next: "replace the link by the campaign's folder itself, or remove it",
      });
    return readJsonFile(path, CampaignSchema, this.display(path));
  }

  async readGuide(id: string, guide: string): Promise<GuideResult> {
    const path = join(this.dir(id), guideFile(guide));
    return readJsonFile(path, GuideResultSchema, this.display(path));
  }

  async guideExists(id: string, guide: string): Promise<boolean> {
    return access(join(this.dir(id), guideFile(guide))).then(
      () => true,
      () => false,
    );
  }

  /**
   * Reads a file of a campaign: only a regular file inside that campaign's folder, never a
   * path that climbs out or a symbolic link, whatever a results file says.
   */
  async readFile(id: string, relativePath: string): Promise<string> {
    const dir = this.dir(id);
    const path = resolve(dir, relativePath);
    const inside = !relative(dir, path).startsWith("..") && !isAbsolute(relative(dir, path));
    const stat = inside ? await lstat(path).catch(() => undefined) : undefined;
    if (!stat?.isFile()) {
      throw new ParityError("INVALID_DATA", {
        what:
          `Campaign ${id}: "${relativePath}" is not a regular file inside the campaign's folder ` +
          "(missing, a link, or outside it)",
        next: "run `parity check` and restore the campaign from git",
      });
    }
    return readFile(path, "utf8");
  }

  /** What the tool itself printed in a run's raw log (the probe block left out). */
  async toolOutput(id: string, rawLog: string): Promise<string> {
    return rawLogToolOutput(await this.readFile(id, rawLog));
  }

  /** What a runtime's workload saw before the campaign's guides ran: its probe block. */
  async probeOutput(id: string, runtime: string): Promise<string> {
    return rawLogProbe(await this.readFile(id, probeLog(runtime)));
  }

  /** Every regular file of a campaign, relative to its folder; symbolic links are never followed. */
  async files(id: string): Promise<string[]> {
    return (await folderEntries(this.dir(id))).filter((e) => e.regular).map((e) => e.path);
  }

  /**
   * Entries beside the campaign folders that are not folders (symbolic links, files), which
   * list() leaves out and `parity check` reports; hidden ones (locks, replaced campaigns) aside.
   */
  async strays(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => !e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  }

  /** Ids of every campaign folder, sorted. */
  async list(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .sort();
  }
}
