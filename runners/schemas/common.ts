// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";

/** Version of the on-disk results format. Bump on any incompatible change. */
export const SCHEMA_VERSION = 1;

/** Version of the measurement method (campaign.json `method`): bump when how runs are made changes what they mean. */
export const METHOD_VERSION = 3;

/** What each method added to the one before it: what a campaign made with an older method lacks. */
export const METHOD_CHANGES: Readonly<Record<number, string>> = {
  2:
    "warm-up runs, random order within blocks, storage written before the first run, " +
    "the machine recorded around each run",
  3:
    "a quiet machine before each local run (a wait for others and steal, a timed calibration) and a busy or slowed " +
    "run made again, one direct-I/O rule for every target, and on Kubernetes the runtime's own start phases as the " +
    "kubelet times them",
};

/** How a workload reaches its scratch storage (the methodology page: the storage path is part of the result). */
export const StorageModeSchema = z.enum(["filesystem", "block"]);
export type StorageMode = z.output<typeof StorageModeSchema>;

/** An identifier used in file names: lower-case letters, digits, dots, dashes. */
export const IdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{0,62}$/,
    "use 1–63 lower-case letters, digits, dots or dashes, starting with a letter or digit",
  )
  .describe("Identifier safe in a file name, e.g. `2026-11-local`.");

/** A file inside a campaign folder, relative to it: `raw/…`, plain names, never `..` or an absolute path. */
export const CampaignPathSchema = z
  .string()
  .regex(
    /^raw\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/,
    "must be a path under the campaign's raw/ folder, e.g. raw/cpu/runc-1.log",
  )
  .describe("Path of a raw log, relative to the campaign folder, e.g. `raw/cpu/runc-1.log`.");

/** An ISO 8601 timestamp with a time zone. */
export const TimestampSchema = z.iso
  .datetime({ offset: true })
  .describe("ISO 8601 time, e.g. `2026-11-27T18:01:27.123Z`.");

/** A methodology warning stored with results (the methodology page: confounders are shown). */
export const WarningSchema = z
  .strictObject({
    code: z.string().describe("Stable kind of warning, e.g. `high-variation`, `few-runs`, `kernel-differs`."),
    message: z.string().describe("What was seen and why it matters, in one or two sentences."),
    guide: z.string().optional().describe("Guide the warning is about, e.g. `cpu`."),
    runtime: z.string().optional().describe("Runtime the warning is about, e.g. `runc`."),
    metric: z.string().optional().describe("Metric the warning is about, e.g. `eventsPerSecond`."),
  })
  .describe("A confounder or weakness of a result, shown beside it.");

export type Warning = z.output<typeof WarningSchema>;

/** One line of printable characters: no newline or terminal escape that could move a terminal's cursor. */
export const PRINTABLE = /^[^\p{Cc}]*$/u;

/**
 * Text a person gives that reaches terminals and pages (a release label, a reason): printable,
 * one line, and bounded, so that it cannot flood a page either.
 */
export function labelSchema(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(PRINTABLE, "must be one line of printable characters (no newline or terminal escape)");
}

/** A release label, e.g. `v0.2.0`. */
export const ReleaseLabelSchema = labelSchema(80).describe("Release label the campaign measures, e.g. `v0.1.0`.");
