import { ParseError } from "../../core/errors.ts";
import { splitLines } from "./lines.ts";

/** The parts every sysbench 1.0.x benchmark prints, whatever the test. */
export interface SysbenchCommon {
  toolVersion: string;
  /** "bundled" or "system" LuaJIT, and its version, e.g. "system LuaJIT 2.1.0-beta3". */
  luajit: string;
  threads: number;
  totalTimeSeconds: number;
  totalEvents: number;
  latencyMinMs: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
  latencySumMs: number;
  /** Percentile latencies by percentile, e.g. { 95: 0.2 }; empty with --percentile=0. */
  latencyPercentilesMs: Record<number, number>;
}

// A plain decimal, and all of it: "1e309" or "12.5.3" is not read as its first digits.
export const NUMBER = "([0-9]+(?:\\.[0-9]+)?)(?![0-9.eE+-])";

/** Finds the first line matching `pattern` at or after `from`; returns its index and match. */
export function findLine(
  lines: readonly string[],
  pattern: RegExp,
  from = 0,
): { index: number; match: RegExpMatchArray } | undefined {
  for (let i = from; i < lines.length; i++) {
    const match = lines[i]!.match(pattern);
    if (match) return { index: i, match };
  }
  return undefined;
}

/** Like findLine, but a missing line is a ParseError that says what was expected. */
export function requireLine(
  lines: readonly string[],
  pattern: RegExp,
  what: string,
  from = 0,
): { index: number; match: RegExpMatchArray } {
  const found = findLine(lines, pattern, from);
  if (!found) {
    throw new ParseError(
      `sysbench output has no ${what} line${from > 0 ? ` after line ${from}` : ""}; the output may be truncated or ` +
        "from another tool",
      { ...(from > 0 ? { line: from } : {}), next: "paste or keep the whole output of `sysbench ... run`" },
    );
  }
  return found;
}

/** Reads a number from a regex group, failing with the line number if it is not finite. */
export function numberAt(found: { index: number; match: RegExpMatchArray }, group: number, what: string): number {
  const value = Number(found.match[group]);
  if (!Number.isFinite(value)) {
    throw new ParseError(`Cannot read ${what} on line ${found.index + 1}: "${found.match[0]}".`, {
      line: found.index + 1,
    });
  }
  return value;
}

/** sysbench's first line, e.g. "sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)". */
const BANNER = /^sysbench ([0-9]+\.[0-9]+\.[0-9]+)\S* \(using (bundled|system) (LuaJIT [^)]+)\)/;

/**
 * The outputs of sysbench runs printed one after the other, one text each: a new one begins at
 * every version banner (what comes before the first banner, such as deprecation warnings, stays
 * with the first).
 */
export function splitSysbenchOutputs(text: string): string[] {
  const lines = splitLines(text);
  const banners = lines.flatMap((line, i) => (BANNER.test(line) ? [i] : []));
  const starts = banners.slice(1);
  return [0, ...starts].map((from, k) => lines.slice(from, starts[k]).join("\n"));
}

/**
 * Reads the version banner, thread count, general statistics and latency block that
 * sysbench 1.0.x prints for every test. Deprecation warnings and interim reports are
 * skipped; sysbench 0.4/0.5 and outputs without the banner are rejected by name.
 */
export function parseSysbenchCommon(text: string): SysbenchCommon {
  const lines = splitLines(text);
  const legacy = findLine(lines, /^sysbench (0\.[0-9.]+)/);
  if (legacy) {
    throw new ParseError(
      `sysbench ${legacy.match[1]} (line ${legacy.index + 1}) is not supported: its output format predates 1.0. ` +
        `Install sysbench 1.0.x (Debian: apt-get install sysbench).`,
      { line: legacy.index + 1 },
    );
  }
  const banner = requireLine(lines, BANNER, 'version banner ("sysbench 1.0.x (using ... LuaJIT ...)")');
  const second = findLine(lines, BANNER, banner.index + 1);
  if (second) {
    throw new ParseError(
      `Two sysbench outputs in one (a second banner on line ${second.index + 1}): Parity reads one run at a time. ` +
        `Give each output on its own.`,
      { line: second.index + 1 },
    );
  }
  const toolVersion = banner.match[1]!;
  if (!toolVersion.startsWith("1.0.")) {
    throw new ParseError(
      `sysbench ${toolVersion} (line ${banner.index + 1}) is not a 1.0.x release; Parity reads sysbench 1.0.x outputs.`,
      { line: banner.index + 1 },
    );
  }
  const threads = requireLine(lines, /^Number of threads:\s*([0-9]+)/, '"Number of threads:"', banner.index);
  const general = requireLine(lines, /^General statistics:/, '"General statistics:"', threads.index);
  const totalTime = requireLine(lines, new RegExp(`^\\s*total time:\\s*${NUMBER}s`), '"total time:"', general.index);
  const totalEvents = requireLine(
    lines,
    /^\s*total number of events:\s*([0-9]+)/,
    '"total number of events:"',
    general.index,
  );
  const latency = requireLine(lines, /^Latency \(ms\):/, '"Latency (ms):"', general.index);
  const stat = (name: string) =>
    requireLine(lines, new RegExp(`^\\s*${name}:\\s*${NUMBER}\\s*$`), `latency "${name}:"`, latency.index);
  const latencyPercentilesMs: Record<number, number> = {};
  const percentile = findLine(lines, new RegExp(`^\\s*([0-9]+)th percentile:\\s*${NUMBER}\\s*$`), latency.index);
  if (percentile) latencyPercentilesMs[Number(percentile.match[1])] = numberAt(percentile, 2, "the latency percentile");
  // sysbench's report ends with the threads' fairness; anything after it is not sysbench's.
  const fairness = findLine(lines, /^\s*execution time \(avg\/stddev\):/, latency.index);
  const after = fairness ? lines.slice(fairness.index + 1).findIndex((l) => l.trim() !== "") : -1;
  if (fairness && after >= 0) {
    const line = fairness.index + 2 + after;
    throw new ParseError(
      `The sysbench output goes on after its report (line ${line}: "${lines[line - 1]!.trim().slice(0, 40)}"): it is ` +
        "not one clean output",
      { line, next: "give the output of the command alone" },
    );
  }
  return {
    toolVersion,
    luajit: `${banner.match[2]} ${banner.match[3]}`,
    threads: numberAt(threads, 1, "the thread count"),
    totalTimeSeconds: numberAt(totalTime, 1, "the total time"),
    totalEvents: numberAt(totalEvents, 1, "the total number of events"),
    latencyMinMs: numberAt(stat("min"), 1, "the minimum latency"),
    latencyAvgMs: numberAt(stat("avg"), 1, "the average latency"),
    latencyMaxMs: numberAt(stat("max"), 1, "the maximum latency"),
    latencySumMs: numberAt(stat("sum"), 1, "the latency sum"),
    latencyPercentilesMs,
  };
}
