import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parity } from "./cli.ts";

/** Copies a results folder, damages one campaign in the copy, runs `parity check` on it, and removes the copy. */
export async function checkDamaged(pristine: string, campaign: string, edit: (campaignDir: string) => Promise<void>) {
  const copy = await mkdtemp(join(tmpdir(), "parity-damaged-"));
  await cp(pristine, copy, { recursive: true });
  await edit(join(copy, "campaigns", campaign));
  const result = await parity(["check", "--data", copy]);
  await rm(copy, { recursive: true, force: true });
  return result;
}

/** Rewrites a JSON file through `change`. */
export async function editJson(path: string, change: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(path, "utf8"));
  change(json);
  await writeFile(path, JSON.stringify(json));
}
