import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { releaseArchive } from "../../runners/release/release-archive.ts";

// A release's one download, read back by the real tar and sha256sum a reader would use.
const root = "parity-v9.9.9";
const deep = `${root}/2026-12-07-local/raw/${"startup/".repeat(12)}gvisor-ptrace-aa-12.lifecycle.log`;
const entries = [
  { path: `${root}/2026-12-07-local/campaign.json`, bytes: new TextEncoder().encode('{"id":"2026-12-07-local"}\n') },
  // A raw log keeps a tool's bytes as they were, valid UTF-8 or not.
  { path: `${root}/2026-12-07-local/raw/cpu/runc-1.log`, bytes: new Uint8Array([0x65, 0xff, 0xfe, 0x0a]) },
  { path: deep, bytes: new Uint8Array(1500).fill(0x61) },
  { path: `${root}/2026-12-07-local/empty.log`, bytes: new Uint8Array() },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parity-archive-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a release's archive", () => {
  it("unpacks with tar into every file, byte for byte, and its SHA256SUMS checks with sha256sum", async () => {
    await writeFile(join(dir, "release.tar"), releaseArchive(entries, root, 1_765_000_000));
    await execa("tar", ["-xf", "release.tar"], { cwd: dir });
    for (const e of entries) expect(new Uint8Array(await readFile(join(dir, e.path)))).toEqual(e.bytes);
    const checked = await execa("sha256sum", ["-c", "SHA256SUMS"], { cwd: join(dir, root) });
    expect(String(checked.stdout).split("\n")).toHaveLength(entries.length);
    const listed = await execa("tar", ["-tvf", "release.tar"], { cwd: dir });
    expect(listed.stdout).toContain("2025-12-06");
  });

  it("is the same bytes for the same files, in whatever order they come", () => {
    const a = releaseArchive(entries, root, 1);
    const b = releaseArchive([...entries].reverse(), root, 1);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("refuses a name no ustar header can hold, naming it", () => {
    const name = `${root}/${"x".repeat(120)}`;
    try {
      releaseArchive([{ path: name, bytes: new Uint8Array() }], root, 1);
      expect.unreachable();
    } catch (error) {
      expect(isParityError(error, "INVALID_DATA")).toBe(true);
      expect(String(error)).toContain("x".repeat(120));
    }
  });
});
