import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { cliMeta } from "./command-options.ts";

/** The repository folder Parity runs from. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The data folder: `--data` when given, else the repository's `data/`. */
export function dataDir(option: string | undefined): string {
  return option ? resolve(option) : join(repoRoot, "data");
}

const DATA = "Results folder (holds campaigns/ and schema/)";

/** Shared `--data` option of the commands that read or write results. */
export const dataOption = z.string().describe(DATA).default("").register(cliMeta, { valueHint: "dir" });

/** The same option as citty defines it for `parity run`, whose options a test holds to RunArgsSchema. */
export const dataArg = { data: { type: "string", description: DATA, valueHint: "dir", default: "" } } as const;
