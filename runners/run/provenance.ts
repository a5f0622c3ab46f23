import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Parity's version and, when run from a git checkout, its commit and whether it was dirty. */
export async function parityProvenance(): Promise<{ version: string; commit?: string; dirty?: boolean }> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const head = await execa("git", ["rev-parse", "--short=12", "HEAD"], { cwd: repoRoot, reject: false });
  if (head.exitCode !== 0) return { version: pkg.version };
  const status = await execa("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!data"], {
    cwd: repoRoot,
    reject: false,
  });
  return { version: pkg.version, commit: String(head.stdout).trim(), dirty: String(status.stdout).trim() !== "" };
}
