import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository folder Parity runs from. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The data folder: `--data` when given, else the repository's `data/`. */
export function dataDir(option: string | undefined): string {
  return option ? resolve(option) : join(repoRoot, "data");
}

/** Shared `--data` option of the commands that read or write results. */
export const dataArg = {
  data: { type: "string", description: "Results folder (holds campaigns/ and schema/)", valueHint: "dir", default: "" },
} as const;
