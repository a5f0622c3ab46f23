// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { CampaignSchema } from "./campaign.ts";
import { GuideResultSchema } from "./guide-result.ts";
import { ImportedMeasurementSchema } from "./imported.ts";
import { ReleaseConfigSchema } from "./release-config.ts";
import { RuntimeProfilesSchema } from "./runtime-profile.ts";

/** The published JSON Schemas of Parity's results format, by file name. */
export function jsonSchemas(): Record<string, unknown> {
  // Results are documented as written (defaults applied); the profiles file as a user writes it.
  const make = (schema: z.ZodType, id: string, title: string, io: "input" | "output" = "output") => ({
    $id: `urn:parity:schema:v1:${id}`,
    title,
    ...z.toJSONSchema(schema, { target: "draft-2020-12", io }),
  });
  return {
    "campaign.schema.json": make(CampaignSchema, "campaign.schema.json", "Parity campaign (campaign.json)"),
    "guide-result.schema.json": make(
      GuideResultSchema,
      "guide-result.schema.json",
      "Parity guide results (<guide>.json)",
    ),
    "imported-measurement.schema.json": make(
      ImportedMeasurementSchema,
      "imported-measurement.schema.json",
      "Parity imported measurement (parity import)",
    ),
    "runtime-profiles.schema.json": make(
      RuntimeProfilesSchema,
      "runtime-profiles.schema.json",
      "Parity runtime profiles (runtimes.yaml, Kubernetes target)",
      "input",
    ),
    "release-config.schema.json": make(
      ReleaseConfigSchema,
      "release-config.schema.json",
      "Parity release configuration (release.yaml, parity release)",
      "input",
    ),
  };
}
