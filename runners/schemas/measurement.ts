// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { CampaignPathSchema, PRINTABLE, StorageModeSchema, TimestampSchema } from "./common.ts";
import { NetworkFactsSchema, StorageFactsSchema, WorkloadFactsSchema } from "./workload-facts.ts";

/** One executed step of a run: the transcript entry a reader can replay. */
export const StepRecordSchema = z
  .strictObject({
    id: z.string().describe("Step id within the guide, e.g. `sysbench-cpu`."),
    argv: z
      .array(z.string())
      .min(1)
      .describe('The exact argument vector run inside the workload, e.g. `["sysbench","cpu","run"]`.'),
    exitCode: z.number().int().describe("Exit code of the step, e.g. `0`."),
    durationMs: z.number().nonnegative().describe("Wall time of the step as seen by the runner, in milliseconds."),
    rawLog: CampaignPathSchema,
    imageDigest: z.string().optional().describe("Digest of the image the step ran from (Kubernetes), e.g. `sha256:…`."),
  })
  .describe("A step as it ran.");

/** The machine around one run (local target), to tell a quiet run from a busy one. */
export const RunEnvironmentSchema = z
  .strictObject({
    loadAvg1: z.number().nonnegative().describe("1-minute load average when the run started, e.g. `0.12`."),
    otherCpuPercent: z
      .number()
      .nonnegative()
      .max(100)
      .describe(
        "CPU time other processes used on the run's CPUs during the run, in percent of those CPUs' time, e.g. `0.4`; " +
          "high means a busy machine.",
      ),
    stealPercent: z
      .number()
      .nonnegative()
      .max(100)
      .describe("Time the hypervisor gave the run's vCPUs to someone else during the run, in percent, e.g. `0.1`."),
    cpuMHz: z
      .number()
      .positive()
      .optional()
      .describe("Mean CPU clock from /proc/cpuinfo when the run started, e.g. `2694.8`, where the machine reports it."),
    quietWaitMs: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("How long the runner waited for a quiet machine before the run, in ms, e.g. `300`; local target."),
    quietAtStart: z
      .boolean()
      .optional()
      .describe("Whether the machine was quiet when the run started; `false` when the bounded wait gave up."),
    calibrationMs: z
      .number()
      .positive()
      .optional()
      .describe(
        "Time of a fixed CPU and memory workload run on the run's CPUs just before it, in ms, e.g. `262.4`: slower " +
          "than usual means a slowed machine the guest may not see.",
      ),
    calibrationMemoryMs: z
      .number()
      .positive()
      .optional()
      .describe(
        "The calibration's memory write alone (blocks larger than the caches), in ms, e.g. `41.2`: slower than " +
          "usual means a neighbour took memory bandwidth. Part of `calibrationMs`.",
      ),
  })
  .describe("The machine around the run: load, other processes' CPU time, steal time, clock, quiet wait, calibration.");

/**
 * The largest number any metric may hold, in its unit. Nothing Parity measures comes near it
 * (a trillion events/s, IOPS, MiB/s or ms); a larger value is a damaged or forged input.
 */
export const MAX_METRIC_VALUE = 1e12;

/**
 * A metric value: numbers are compared across runtimes, strings are facts (tool version,
 * operation). Every number that can enter a verdict is checked here: finite, not negative, at
 * most MAX_METRIC_VALUE; facts are short single lines of printable text.
 */
export const MetricValueSchema = z.union([
  z
    .number()
    .refine(Number.isFinite, "must be a finite number")
    .refine((v) => v >= 0, "must not be negative")
    .refine((v) => v <= MAX_METRIC_VALUE, `must be at most ${MAX_METRIC_VALUE} (larger is a damaged input)`),
  z.string().max(200).regex(PRINTABLE, "must hold no control characters"),
]);

/** One run of one guide on one runtime. */
export const MeasurementSchema = z
  .strictObject({
    runtime: z.string().describe("Runtime profile name, e.g. `host` or `runc`."),
    arm: z
      .enum(["main", "aa", "warmup"])
      .describe(
        "`main` for the comparison; `aa` for the baseline's A/A arm, a second interleaved arm that measures the " +
          "noise floor; `warmup` for a runtime's first run(s), kept with their raw logs and left out of the " +
          "statistics.",
      ),
    run: z.number().int().positive().describe("1-based run index within its runtime and arm."),
    startedAt: TimestampSchema,
    finishedAt: TimestampSchema,
    metrics: z
      .record(z.string(), MetricValueSchema)
      .describe('Parsed metrics, e.g. `{ eventsPerSecond: 10447.57, toolVersion: "1.0.20" }`.'),
    workload: WorkloadFactsSchema,
    variant: StorageModeSchema.optional().describe(
      "Storage mode of an I/O run, `filesystem` or `block`; absent for guides without storage.",
    ),
    storage: StorageFactsSchema.optional().describe(
      "The storage path the run wrote through, as seen inside the workload.",
    ),
    network: NetworkFactsSchema.optional().describe(
      "The network path to the run's peer, for guides with a peer (network); absent for the others.",
    ),
    steps: z.array(StepRecordSchema).min(1),
    environment: RunEnvironmentSchema.optional(),
    attempt: z
      .number()
      .int()
      .min(2)
      .optional()
      .describe(
        "Which attempt at this run it is, from 2, when an earlier attempt ran on a busy or slowed machine and was " +
          "run again (the earlier one is kept, excluded); absent for a first attempt.",
      ),
    excluded: z
      .string()
      .optional()
      .describe(
        "Why this run stays out of the statistics while kept and counted, e.g. `the image was pulled during this " +
          "sample`.",
      ),
  })
  .describe("One run: what it measured, where it ran, and how.");

export type RunEnvironment = z.output<typeof RunEnvironmentSchema>;
export type StepRecord = z.output<typeof StepRecordSchema>;
export type Measurement = z.output<typeof MeasurementSchema>;
