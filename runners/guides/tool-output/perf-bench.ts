import { ParseError } from "../../core/errors.ts";
import { splitLines } from "./lines.ts";

/** One benchmark of a `perf bench` output, as perf prints it in its default format. */
export interface PerfBenchResult {
  /** Collection and benchmark, e.g. "syscall/basic" or "sched/pipe". */
  name: string;
  /** Operations executed, e.g. 10000000. */
  operations: number;
  /** What one operation is, in perf's words: "getppid() calls", "pipe operations between two processes". */
  what: string;
  /** Wall-clock time of the whole loop, seconds (perf truncates it to milliseconds). */
  totalSeconds: number;
  /** Microseconds per operation, printed to six decimals. */
  usecsPerOp: number;
  opsPerSecond: number;
}

// `# Running 'syscall/basic' benchmark:` when one benchmark runs, `# Running syscall/basic benchmark...` under "all".
const HEADER = /^# Running '?([a-z0-9-]+\/[a-z0-9-]+)'? benchmark(?::|\.\.\.)$/;
// perf prints counts with `%'d`: a locale may group the digits with commas, dots, apostrophes or (narrow) spaces.
const GROUPED = "(\\d{1,3}(?:[,.'\\u00a0\\u202f]?\\d{3})*)";
const EXECUTED = new RegExp(`^# Executed ${GROUPED} (\\S.*)$`);
const TOTAL = /^Total time: (\d+)\.(\d{3}) \[sec\]$/;
// `%lf` prints the locale's decimal separator.
const USECS = /^(\d+)[.,](\d+) usecs\/op$/;
const OPS = new RegExp(`^${GROUPED} ops/sec$`);

const integer = (grouped: string): number => Number(grouped.replace(/\D/g, ""));

type Section = { name: string; line: number } & Partial<Omit<PerfBenchResult, "name">>;

function complete(section: Section): PerfBenchResult {
  const { name, line, operations, what, totalSeconds, usecsPerOp, opsPerSecond } = section;
  if (operations === undefined || what === undefined)
    throw new ParseError(`perf bench ${name} (line ${line}) has no "# Executed N …" line; the output is truncated.`, {
      line,
    });
  if (totalSeconds === undefined || usecsPerOp === undefined || opsPerSecond === undefined)
    throw new ParseError(
      `perf bench ${name} (line ${line}) lacks its "Total time", "usecs/op" or "ops/sec" line; the output is ` +
        "truncated, or was printed with --format=simple",
      { line, next: "run it with perf's default format and keep everything it printed" },
    );
  if (operations < 1) throw new ParseError(`perf bench ${name} (line ${line}) executed no operations.`, { line });
  // The three figures come from one measured time: perf truncates the total to whole milliseconds and the rate to an
  // integer, so they agree within those steps unless the output was damaged or edited.
  const totalMs = (usecsPerOp * operations) / 1000;
  const rate = 1e6 / usecsPerOp;
  if (Math.abs(totalMs - totalSeconds * 1000 - 0.5) > 1.5 || Math.abs(opsPerSecond - rate) > 1 + rate * 1e-5)
    throw new ParseError(
      `perf bench ${name} (line ${line}): ${usecsPerOp} usecs/op × ${operations} operations disagrees with its ` +
        `total time (${totalSeconds} s) or rate (${opsPerSecond} ops/sec); the output is damaged`,
      { line },
    );
  return { name, operations, what, totalSeconds, usecsPerOp, opsPerSecond };
}

/**
 * Reads the default output of `perf bench` (syscall and sched collections, perf 5.x and 6.x): one
 * result per `# Running … benchmark` header, each with its `# Executed N …`, `Total time`,
 * `usecs/op` and `ops/sec` lines. Fails on any benchmark short of all four.
 */
export function parsePerfBench(text: string): PerfBenchResult[] {
  const results: PerfBenchResult[] = [];
  let section: Section | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    const header = line.match(HEADER);
    if (header) {
      if (section) results.push(complete(section));
      section = { name: header[1]!, line: index + 1 };
      return;
    }
    if (!section) return;
    const executed = line.match(EXECUTED);
    if (executed) {
      section.operations = integer(executed[1]!);
      section.what = executed[2]!;
    }
    const total = line.match(TOTAL);
    if (total) section.totalSeconds = Number(total[1]) + Number(total[2]) / 1000;
    const usecs = line.match(USECS);
    if (usecs) section.usecsPerOp = Number(`${usecs[1]}.${usecs[2]}`);
    const ops = line.match(OPS);
    if (ops) section.opsPerSecond = integer(ops[1]!);
  });
  if (section) results.push(complete(section));
  if (results.length === 0)
    throw new ParseError(
      "No `# Running … benchmark` header: this is not a `perf bench` output, or its first lines were cut.",
    );
  return results;
}

/** The result of one benchmark, e.g. "syscall/basic", or a ParseError naming what the output holds instead. */
export function perfBenchResult(results: readonly PerfBenchResult[], name: string): PerfBenchResult {
  const found = results.filter((r) => r.name === name);
  if (found.length === 1) return found[0]!;
  throw new ParseError(
    found.length === 0
      ? `The output has no perf bench ${name} result (it has ${results.map((r) => r.name).join(", ")}).`
      : `The output has ${found.length} perf bench ${name} results: two outputs in one.`,
    { next: "give one run's output, with every benchmark of the guide's command" },
  );
}
