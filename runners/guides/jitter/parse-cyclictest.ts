import { ParseError } from "../../core/errors.ts";
import type { LatencyHistogram } from "../../stats/histogram.ts";
import { splitLines } from "../tool-output/lines.ts";

/** What cyclictest reports of one measuring thread. */
export interface CyclictestThread {
  thread: number;
  /** Wake-ups measured (overflows included). */
  cycles: number;
  /** Microseconds. */
  min: number;
  /** Microseconds, as cyclictest rounds it. */
  avg: number;
  /** Microseconds. */
  max: number;
  /** Priority and interval (µs) from the live/summary line, when it was printed. */
  priority?: number;
  interval?: number;
  /** The latency histogram, with `--histogram`. */
  histogram?: LatencyHistogram;
}

/** A whole cyclictest output, one entry per measuring thread. */
export interface CyclictestOutput {
  threads: CyclictestThread[];
  /** Whether a histogram was printed (then every thread has one). */
  hasHistogram: boolean;
}

// ESC [ n A (cursor up) and friends, from the live display without --quiet.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what it matches
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const SUMMARY = new RegExp(
  String.raw`^T:\s*(\d+)\s+\(\s*\d+\)\s+P:\s*(\d+)\s+I:\s*(\d+)\s+C:\s*(\d+)\s+` +
    String.raw`Min:\s*(\d+)\s+Act:\s*\d+\s+Avg:\s*(\d+)\s+Max:\s*(\d+)`,
);
const FOOTER = /^# (Total|Min Latencies|Avg Latencies|Max Latencies|Histogram Overflows):((?:\s+\d+)+)\s*$/;
const BUCKET = /^(\d+)((?:\s+\d+)+)\s*$/;

function numbers(text: string): number[] {
  return text.trim().split(/\s+/).map(Number);
}

/**
 * Reads cyclictest's output (rt-tests 1.x and 2.x, and ports that keep its format): the
 * `T:` summary lines (the last one of each thread, so the live display works too) and, with
 * `--histogram`/`-h` or `--histofall`/`-H`, the histogram and its footer.
 */
export function parseCyclictest(text: string): CyclictestOutput {
  const lines = splitLines(text.replace(ANSI, "\n"));
  const summaries = new Map<number, CyclictestThread>();
  const footer = new Map<string, number[]>();
  const rows: number[][] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const summary = line.match(SUMMARY);
    if (summary) {
      const [, thread, priority, interval, cycles, min, avg, max] = summary.map(Number) as number[];
      summaries.set(thread!, {
        thread: thread!,
        priority: priority!,
        interval: interval!,
        cycles: cycles!,
        min: min!,
        avg: avg!,
        max: max!,
      });
      return;
    }
    const foot = line.match(FOOTER);
    if (foot) {
      footer.set(foot[1]!, numbers(foot[2]!));
      return;
    }
    const bucket = line.match(BUCKET);
    if (bucket && footer.size > 0) {
      throw new ParseError(`A histogram row after cyclictest's footer (line ${index + 1}): two outputs in one`, {
        line: index + 1,
        next: "give each run's output on its own",
      });
    }
    if (bucket) {
      if (Number(bucket[1]) !== rows.length) {
        throw new ParseError(
          `cyclictest histogram: expected bucket ${rows.length} at line ${index + 1}, found ${Number(bucket[1])}. ` +
            `Keep the whole output of \`cyclictest --histogram=…\`.`,
          { line: index + 1 },
        );
      }
      rows.push(numbers(bucket[2]!));
    }
  });
  if (rows.length > 0 || footer.size > 0) return withHistogram(rows, footer, summaries);
  if (summaries.size === 0) {
    throw new ParseError(
      "No cyclictest results found: neither `T: …` summary lines nor a `# Histogram` section. The run may have been " +
        "cut short (cyclictest prints its summary on exit) or this is another tool's output.",
    );
  }
  return { threads: [...summaries.values()].sort((a, b) => a.thread - b.thread), hasHistogram: false };
}

function withHistogram(
  rows: number[][],
  footer: Map<string, number[]>,
  summaries: Map<number, CyclictestThread>,
): CyclictestOutput {
  for (const key of ["Total", "Min Latencies", "Avg Latencies", "Max Latencies", "Histogram Overflows"]) {
    if (!footer.has(key))
      throw new ParseError(`cyclictest histogram without its "# ${key}:" line; the output is truncated`, {
        next: "keep everything cyclictest printed on exit",
      });
  }
  if (rows.length === 0)
    throw new ParseError("cyclictest printed a histogram footer but no buckets; was the output cut?");
  // Min and Avg have one value per thread; with -H the other lines add an all-threads column.
  const threadCount = footer.get("Min Latencies")!.length;
  const min = footer.get("Min Latencies")!;
  const avg = footer.get("Avg Latencies")!;
  const max = footer.get("Max Latencies")!;
  const total = footer.get("Total")!;
  const overflows = footer.get("Histogram Overflows")!;
  for (const [name, values] of [
    ["Max Latencies", max],
    ["Total", total],
    ["Histogram Overflows", overflows],
  ] as const) {
    if (values.length < threadCount)
      throw new ParseError(`cyclictest "# ${name}:" has ${values.length} values for ${threadCount} threads.`);
  }
  const badRow = rows.findIndex((r) => r.length < threadCount);
  if (badRow >= 0)
    throw new ParseError(
      `cyclictest histogram bucket ${badRow} has ${rows[badRow]!.length} columns for ${threadCount} threads.`,
    );
  const threads: CyclictestThread[] = [];
  for (let t = 0; t < threadCount; t++) {
    const counts = rows.map((r) => r[t]!);
    const binned = counts.reduce((a, b) => a + b, 0);
    if (binned !== total[t]) {
      throw new ParseError(
        `cyclictest thread ${t}: its histogram buckets add up to ${binned} but "# Total:" says ${total[t]}; the ` +
          `output is damaged.`,
      );
    }
    const summary = summaries.get(t);
    threads.push({
      thread: t,
      cycles: binned + overflows[t]!,
      min: min[t]!,
      avg: avg[t]!,
      max: max[t]!,
      ...(summary ? { priority: summary.priority!, interval: summary.interval! } : {}),
      histogram: { counts, overflow: overflows[t]! },
    });
  }
  return { threads, hasHistogram: true };
}
