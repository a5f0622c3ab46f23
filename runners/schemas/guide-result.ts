import { z } from "zod";
import { SCHEMA_VERSION, IdSchema, WarningSchema } from "./common.ts";
import { MeasurementSchema } from "./measurement.ts";

/** How the thread count of a guide was chosen (DESIGN.md rule 1: threads match vCPUs). */
export const ThreadPolicySchema = z
  .object({
    requested: z.number().int().positive().optional().describe("`--threads` as given; absent when threads followed the vCPUs seen."),
    perRuntime: z.record(z.string(), z.number().int().positive()).describe("Threads used per runtime, e.g. `{ host: 2, runc: 2 }`."),
    vcpusSeen: z.record(z.string(), z.number().int().positive()).describe("vCPUs the workload saw per runtime before the runs."),
    oversubscribed: z.boolean().describe("True when some runtime ran more threads than it had vCPUs."),
    allowOversubscribe: z.boolean().describe("Whether `--allow-oversubscribe` was given."),
  })
  .describe("Thread count and the vCPUs it was matched against.");

/** `<guide>.json`: every measurement of one guide in one campaign. */
export const GuideResultSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION).describe("Results format version, `1`."),
    guide: IdSchema.describe("Guide id, e.g. `cpu`."),
    guideVersion: z.number().int().positive().describe("Version of the guide definition (parser and semantics), e.g. `1`."),
    fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/).describe("Hash of everything that changes what is measured; a mismatch with the current guide means stale numbers."),
    parameters: z.record(z.string(), z.unknown()).describe("Resolved guide parameters, e.g. `{ timeSeconds: 10, maxPrime: 10000 }`."),
    threads: ThreadPolicySchema,
    measurements: z.array(MeasurementSchema),
    warnings: z.array(WarningSchema),
  })
  .describe("One guide's results in one campaign.");

export type ThreadPolicy = z.output<typeof ThreadPolicySchema>;
export type GuideResult = z.output<typeof GuideResultSchema>;
export type GuideResultInput = z.input<typeof GuideResultSchema>;
