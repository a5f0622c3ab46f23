// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { SCHEMA_VERSION, StorageModeSchema } from "./common.ts";
import { MetricValueSchema } from "./measurement.ts";
import { WorkloadFactsSchema } from "./workload-facts.ts";

/** `parity import` output: a reader's hand-run tool output read into Parity's format. */
export const ImportedMeasurementSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe("Results format version, `1`."),
    guide: z.string().describe("Guide whose parser read the output, e.g. `cpu`."),
    guideVersion: z.number().int().positive().describe("Version of that guide definition."),
    source: z.string().describe("File name the output came from (no folder), e.g. `my-run.txt`."),
    metrics: z.record(z.string(), MetricValueSchema).describe("Parsed metrics, as in a campaign measurement."),
    storage: StorageModeSchema.optional().describe(
      "The storage path the output used, for guides with storage modes (read from the output), e.g. `block`.",
    ),
    workload: WorkloadFactsSchema.optional().describe(
      "Facts seen inside, when the output is a Parity raw log with a probe block.",
    ),
  })
  .describe("One hand-run measurement.");

export type ImportedMeasurement = z.output<typeof ImportedMeasurementSchema>;
