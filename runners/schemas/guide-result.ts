// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { CampaignPathSchema, IdSchema, SCHEMA_VERSION, StorageModeSchema, WarningSchema } from "./common.ts";
import { MeasurementSchema } from "./measurement.ts";

/** How the thread count of a guide was chosen (the methodology page: threads match vCPUs). */
export const ThreadPolicySchema = z
  .strictObject({
    requested: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("`--threads` as given; absent when threads followed the vCPUs seen."),
    perRuntime: z
      .record(z.string(), z.number().int().positive())
      .describe("Threads used per runtime, e.g. `{ host: 2, runc: 2 }`."),
    vcpusSeen: z
      .record(z.string(), z.number().int().positive())
      .describe("vCPUs the workload saw per runtime before the runs."),
    oversubscribed: z.boolean().describe("True when some runtime ran more threads than it had vCPUs."),
    allowOversubscribe: z.boolean().describe("Whether `--allow-oversubscribe` was given."),
  })
  .describe("Thread count and the vCPUs it was matched against.");

/** A cell a runtime cannot run as the guide defines it: recorded with why, never left blank. */
export const NotRunnableSchema = z
  .strictObject({
    runtime: z.string().describe("Runtime that cannot run the guide as defined, e.g. `gvisor`."),
    variant: StorageModeSchema.optional().describe(
      "Storage mode of the cell (I/O guide), e.g. `block`; absent for guides without storage.",
    ),
    needs: z
      .enum(["realtime", "blockDevice"])
      .describe("What the guide needs that the runtime lacks: `realtime` scheduling or a raw `blockDevice`."),
    reason: z
      .string()
      .describe("Why the runtime cannot, e.g. `gVisor's kernel implements no real-time scheduling class…`."),
    message: z
      .string()
      .describe("The tool's own last words on the attempt (stderr), e.g. `Unable to change scheduling policy!`."),
    exitCode: z.number().int().describe("Exit code of the attempt, e.g. `1`."),
    rawLog: CampaignPathSchema.describe(
      "Raw log of the attempt, relative to the campaign folder, e.g. `raw/jitter/gvisor-1.log`.",
    ),
    runtimeLog: CampaignPathSchema.optional().describe(
      "The runtime's own log of the attempt (runsc's), relative to the campaign folder, e.g. " +
        "`raw/jitter/gvisor-1.runtime.log`.",
    ),
  })
  .describe(
    "A runtime that cannot run this guide (or one storage mode of it) as defined, with the attempt's evidence.",
  );

/** `<guide>.json`: every measurement of one guide in one campaign. */
export const GuideResultSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe("Results format version, `1`."),
    guide: IdSchema.describe("Guide id, e.g. `cpu`."),
    guideVersion: z
      .number()
      .int()
      .positive()
      .describe("Version of the guide definition (parser and semantics), e.g. `1`."),
    fingerprint: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/)
      .describe(
        "Hash of everything that changes what is measured; a mismatch with the current guide means stale numbers.",
      ),
    parameters: z
      .record(z.string(), z.unknown())
      .describe("Resolved guide parameters, e.g. `{ timeSeconds: 10, maxPrime: 10000 }`."),
    threads: ThreadPolicySchema,
    measurements: z.array(MeasurementSchema),
    notRunnable: z
      .array(NotRunnableSchema)
      .optional()
      .describe(
        "Cells a runtime cannot run as the guide defines them; their runs were not attempted after the first failure.",
      ),
    warnings: z.array(WarningSchema),
  })
  .describe("One guide's results in one campaign.");

export type NotRunnable = z.output<typeof NotRunnableSchema>;
export type ThreadPolicy = z.output<typeof ThreadPolicySchema>;
export type GuideResult = z.output<typeof GuideResultSchema>;
