import { createHash } from "node:crypto";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { DIGESTS_FILE } from "./layout.ts";

/** Every entry of a campaign folder but its folders, relative to it and sorted; `regular` is false for a link. */
export async function folderEntries(dir: string, root = dir): Promise<Array<{ path: string; regular: boolean }>> {
  const out: Array<{ path: string; regular: boolean }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await folderEntries(path, root)));
    else out.push({ path: relative(root, path), regular: entry.isFile() });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const files = async (dir: string) => (await folderEntries(dir)).map((e) => e.path);

async function digest(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/** Writes the SHA-256 digest of every file of a campaign folder (but the manifest itself). */
export async function writeDigests(dir: string): Promise<void> {
  const lines: string[] = [];
  for (const file of await files(dir))
    if (file !== DIGESTS_FILE) lines.push(`${await digest(join(dir, file))}  ${file}`);
  await writeFileAtomic(join(dir, DIGESTS_FILE), `${lines.join("\n")}\n`);
}

/** What differs between a campaign folder and its manifest: changed, missing and unlisted files, and links. */
export async function verifyDigests(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, DIGESTS_FILE), "utf8").catch(() => undefined);
  if (text === undefined)
    return [
      `${DIGESTS_FILE} is missing: a complete campaign lists the digest of every file. Re-run or resume the campaign ` +
        `to write it.`,
    ];
  const problems: string[] = [];
  const listed = new Map(
    text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(66), line.slice(0, 64)] as const),
  );
  for (const [file, expected] of listed) {
    const path = join(dir, file);
    const stat = await lstat(path).catch(() => undefined);
    if (!stat) problems.push(`${file} is listed in ${DIGESTS_FILE} but missing.`);
    else if (!stat.isFile()) problems.push(`${file} is not a regular file.`);
    else if ((await digest(path)) !== expected)
      problems.push(
        `${file} changed since the campaign was written: its SHA-256 differs from ${DIGESTS_FILE}. Results are never ` +
          `edited; restore it from git.`,
      );
  }
  for (const file of await files(dir)) {
    if (file !== DIGESTS_FILE && !listed.has(file))
      problems.push(`${file} is not listed in ${DIGESTS_FILE}: it was added after the campaign was written.`);
  }
  return problems;
}
