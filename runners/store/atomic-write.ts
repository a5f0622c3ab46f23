import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { ParityError } from "../core/errors.ts";

/** Errors of a file system with no room left (full disk, quota, read-only). */
const NO_ROOM = new Set(["ENOSPC", "EDQUOT", "EROFS"]);

/**
 * Writes a file so that readers see the old content or the new, never half of either:
 * write a sibling temporary file, flush it to disk, then rename it over the target.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(data, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code && NO_ROOM.has(code))
      throw new ParityError(
        "DISK_FULL",
        {
          what:
            `Cannot write ${path}: the file system holding it has no room (${code}); the file kept its previous ` +
            "content",
          next: "free space there (or give --data on another disk), then complete the campaign with --resume",
        },
        { cause: error },
      );
    throw error;
  }
}

/** Writes a value as pretty JSON with a final newline, atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
