import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";

/** Full path of `binary` on PATH (plus the sbin folders runc lives in), or undefined. */
export async function which(binary: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** Resolves a required binary or fails naming the Debian package that provides it. */
export async function requireBinary(binary: string, debianPackage: string): Promise<string> {
  const path = await which(binary);
  if (!path) {
    throw new ParityError("TOOL_MISSING", {
      what: `${binary} is not installed (not found on PATH)`,
      next: `install it with \`apt-get install -y ${debianPackage}\``,
    });
  }
  return path;
}

/** First line of a version command's output, or "unknown" if it fails. */
export async function versionOf(argv: readonly string[]): Promise<string> {
  const result = await execa(argv[0]!, argv.slice(1), { reject: false, timeout: 10_000 });
  const line = `${result.stdout}\n${result.stderr}`.split("\n").find((l) => l.trim() !== "");
  return line?.trim() ?? "unknown";
}
