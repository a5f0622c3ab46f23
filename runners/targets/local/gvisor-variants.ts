import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import * as z from "zod";
import { friendlyParse } from "../../core/friendly-parse.ts";
import { IdSchema } from "../../schemas/common.ts";

/** The runsc flags a variant may set: how it runs, never where its state lives (Parity sets that). */
const FLAGS = ["platform", "directfs", "file-access", "overlay2", "network"] as const;
const FlagValueSchema = z.string().regex(/^[A-Za-z0-9:=,./_-]+$/, "one word of letters, digits and :=,./_-");
const FlagsSchema = z.partialRecord(z.enum(FLAGS), FlagValueSchema);

export const GvisorVariantsSchema = z
  .strictObject({
    base: z.record(z.enum(FLAGS), FlagValueSchema).describe("runsc's settings every variant starts from."),
    variants: z
      .array(
        z.strictObject({
          name: IdSchema.regex(/^gvisor(-[a-z0-9]+)*$/, "a gVisor variant's name starts with gvisor"),
          description: z.string().min(1),
          flags: FlagsSchema.describe("What this variant changes in the base settings."),
        }),
      )
      .min(1),
  })
  .describe("gVisor's variants on the local target: runsc settings as data.");

/** runsc's settings of one variant, flag name to value, as recorded in campaign.json. */
export type GvisorSettings = Record<(typeof FLAGS)[number], string>;

/** The shipped variants file. */
export const GVISOR_VARIANTS_FILE = fileURLToPath(new URL("./gvisor-variants.yaml", import.meta.url));

/** Reads and validates a variants file, naming the file and field on any problem. */
export function loadGvisorVariants(path = GVISOR_VARIANTS_FILE) {
  const variants = friendlyParse(
    GvisorVariantsSchema,
    parse(readFileSync(path, "utf8")),
    path,
    "fix the gVisor variants file",
  );
  return variants.variants.map((v) => ({
    name: v.name,
    description: v.description,
    settings: { ...variants.base, ...v.flags } as GvisorSettings,
  }));
}

/** The shipped variants, read once. */
export const gvisorVariants = loadGvisorVariants();
