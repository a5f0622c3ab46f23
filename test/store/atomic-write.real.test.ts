import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeOf, isParityError } from "../../runners/core/errors.ts";
import { writeFileAtomic } from "../../runners/store/atomic-write.ts";

// A real full file system: a 64 KiB tmpfs mounted for the test (root, as every test here).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parity-full-"));
  await execa("mount", ["-t", "tmpfs", "-o", "size=64k", "parity-full", dir]);
});
afterAll(async () => {
  await execa("umount", [dir], { reject: false });
  await rm(dir, { recursive: true, force: true });
});

describe("writing results on a full disk", () => {
  it("fails with DISK_FULL (exit 5), names the file, says what to do, and keeps the file as it was", async () => {
    const file = join(dir, "campaign.json");
    await writeFile(file, '{"status":"partial"}\n');
    const error = await writeFileAtomic(file, "x".repeat(1024 * 1024)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isParityError(error, "DISK_FULL")).toBe(true);
    expect(exitCodeOf(error)).toBe(5);
    expect((error as Error).message).toMatch(
      new RegExp(`^Cannot write ${file}: the file system holding it has no room \\(ENOSPC\\); the file kept its`),
    );
    expect((error as Error).message).toMatch(/Next step: free space there .* --resume/);
    expect(await readFile(file, "utf8")).toBe('{"status":"partial"}\n');
    // No half-written temporary file is left beside it.
    expect(await readdir(dir)).toEqual(["campaign.json"]);
  });
});
