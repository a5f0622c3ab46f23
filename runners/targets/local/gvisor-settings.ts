import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import * as z from "zod";
import { friendlyParse } from "../../core/friendly-parse.ts";
import { IdSchema } from "../../schemas/common.ts";

/** The runsc flags a gVisor runtime may set: how it runs, never where its state lives (Parity sets that). */
const FLAGS = ["platform", "directfs", "file-access", "overlay2", "network"] as const;
const FlagValueSchema = z.string().regex(/^[A-Za-z0-9:=,./_-]+$/, "one word of letters, digits and :=,./_-");
const FlagsSchema = z.partialRecord(z.enum(FLAGS), FlagValueSchema);

export const GvisorSettingsFileSchema = z
  .strictObject({
    base: z.record(z.enum(FLAGS), FlagValueSchema).describe("runsc's settings every gVisor runtime starts from."),
    runtimes: z
      .array(
        z.strictObject({
          name: IdSchema.regex(/^gvisor(-[a-z0-9]+)*$/, "a gVisor runtime's name starts with gvisor"),
          description: z.string().min(1),
          flags: FlagsSchema.describe("What this runtime changes in the base settings."),
        }),
      )
      .min(1),
  })
  .describe("gVisor's runtimes on the local target: runsc settings as data.");

/** runsc's settings of one gVisor runtime, flag name to value, as recorded in campaign.json. */
export type GvisorSettings = Record<(typeof FLAGS)[number], string>;

/** The shipped settings file. */
export const GVISOR_SETTINGS_FILE = fileURLToPath(new URL("./gvisor-settings.yaml", import.meta.url));

/** Reads and validates a gVisor settings file, naming the file and field on any problem. */
export function loadGvisorRuntimes(path = GVISOR_SETTINGS_FILE) {
  const file = friendlyParse(
    GvisorSettingsFileSchema,
    parse(readFileSync(path, "utf8")),
    path,
    "fix the gVisor settings file",
  );
  return file.runtimes.map((v) => ({
    name: v.name,
    description: v.description,
    settings: { ...file.base, ...v.flags } as GvisorSettings,
  }));
}

/** The shipped gVisor runtimes, read once. */
export const gvisorRuntimes = loadGvisorRuntimes();
