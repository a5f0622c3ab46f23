import { ParseError } from "../../core/errors.ts";
import { splitLines } from "../tool-output/lines.ts";

/** What oslat reports of one measuring thread (one CPU). */
export interface OslatThread {
  cpu: number;
  /**
   * Loop iterations by bucket: `buckets[k]` counts the iterations whose duration was under
   * k µs and at least k − 1 µs (oslat prints bucket k as "k (us)"); the last bucket also
   * holds every longer iteration (the overflows).
   */
  buckets: Map<number, number>;
  /** Microseconds. */
  min: number;
  /** Microseconds. */
  avg: number;
  /** Microseconds: the longest single interruption, exact even beyond the last bucket. */
  max: number;
  durationSeconds: number;
}

/** A whole oslat output. */
export interface OslatOutput {
  /** e.g. "2.40", from the `oslat V 2.40` banner. */
  version: string;
  /** "default" (SCHED_OTHER) or e.g. "SCHED_FIFO:1". */
  priority: string;
  /** The bucket that also counts the overflows (the histogram's end). */
  lastBucket: number;
  threads: OslatThread[];
}

const BANNER = /^oslat V ?(\S+)/;
const PRIORITY = /^Thread priority:\s*(\S+)/;
// Numbers separated by required white space: an optional separator would backtrack exponentially on a damaged line.
const CORE = /^Core:\s*(\d+(?:\s+\d+)*)\s*$/;
const BUCKET = /^(\d+) \(us\):\s*(\d+(?:\s+\d+)*)\s*(\(including overflows\))?$/;
const SUMMARY = /^(Minimum|Average|Maximum|Duration):\s*([\d.]+(?:\s+[\d.]+)*)\s*\((?:us|sec)\)$/;

function numbers(text: string): number[] {
  return text.trim().split(/\s+/).map(Number);
}

/**
 * Reads oslat's text output (rt-tests 1.x and 2.x): the `Core:` line, the histogram rows
 * (`--zero-omit` rows left out count as zero) and the Minimum, Average, Maximum and Duration
 * lines, one column per measured CPU. Fails on anything short of a complete report.
 */
export function parseOslat(text: string): OslatOutput {
  const lines = splitLines(text);
  let version: string | undefined;
  let priority = "default";
  let cores: number[] | undefined;
  let lastBucket: number | undefined;
  const rows = new Map<number, number[]>();
  const summary = new Map<string, number[]>();
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const banner = line.match(BANNER);
    if (banner && version !== undefined)
      throw new ParseError(`A second \`oslat V …\` banner on line ${index + 1}: two outputs in one`, {
        line: index + 1,
        next: "give each run's output on its own",
      });
    if (banner) version = banner[1]!;
    const prio = line.match(PRIORITY);
    if (prio) priority = prio[1]!;
    const core = line.match(CORE);
    if (core) cores = numbers(core[1]!);
    const bucket = line.match(BUCKET);
    if (bucket) {
      const values = numbers(bucket[2]!);
      if (cores && values.length !== cores.length) {
        throw new ParseError(
          `oslat histogram row "${line.slice(0, 40)}" (line ${index + 1}) has ${values.length} columns for ` +
            `${cores.length} CPUs; the output is damaged.`,
          { line: index + 1 },
        );
      }
      rows.set(Number(bucket[1]), values);
      if (bucket[3]) lastBucket = Number(bucket[1]);
    }
    const sum = line.match(SUMMARY);
    if (sum) summary.set(sum[1]!, numbers(sum[2]!));
  });
  if (!version)
    throw new ParseError("No `oslat V …` banner: this is not an oslat output, or its first lines were cut.");
  if (!cores)
    throw new ParseError(
      "oslat output without its `Core:` line: the run did not complete (oslat prints its report on exit)",
      { next: "keep everything it printed" },
    );
  if (rows.size === 0 || lastBucket === undefined)
    throw new ParseError(
      'oslat output without a complete histogram (no row marked "(including overflows)"); the output is truncated.',
    );
  for (const key of ["Minimum", "Average", "Maximum", "Duration"]) {
    const values = summary.get(key);
    if (!values) throw new ParseError(`oslat output without its "${key}:" line; the output is truncated.`);
    if (values.length !== cores.length)
      throw new ParseError(`oslat "${key}:" has ${values.length} values for ${cores.length} CPUs.`);
  }
  const threads = cores.map(
    (cpu, t): OslatThread => ({
      cpu,
      buckets: new Map([...rows].map(([k, v]) => [k, v[t]!])),
      min: summary.get("Minimum")![t]!,
      avg: summary.get("Average")![t]!,
      max: summary.get("Maximum")![t]!,
      durationSeconds: summary.get("Duration")![t]!,
    }),
  );
  return { version, priority, lastBucket, threads };
}
