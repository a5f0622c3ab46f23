import { ParseError } from "../../core/errors.ts";
import { commonMetrics } from "../sysbench/common-metrics.ts";
import { NUMBER, numberAt, parseSysbenchCommon, requireLine, splitLines } from "../sysbench/parse-sysbench.ts";

const UNIT_BYTES: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Reads `sysbench memory run` output (any 1.0.x) into the memory guide's metrics. */
export function parseMemoryOutput(text: string): Record<string, number | string> {
  const common = parseSysbenchCommon(text);
  const lines = splitLines(text);
  const options = requireLine(
    lines,
    /^Running memory speed test/,
    '"Running memory speed test" (is this a `sysbench memory` output?)',
  );
  const block = requireLine(lines, /^\s*block size:\s*([0-9]+)([KMGT]?)i?B\s*$/, '"block size:"', options.index);
  const operation = requireLine(lines, /^\s*operation:\s*(\w+)/, '"operation:"', options.index);
  const ops = requireLine(
    lines,
    new RegExp(String.raw`^Total operations:\s*([0-9]+)\s*\(\s*` + NUMBER + String.raw` per second\)`),
    '"Total operations:"',
    options.index,
  );
  const transferred = requireLine(
    lines,
    new RegExp(`^${NUMBER} MiB transferred \\(${NUMBER} MiB/sec\\)`),
    '"MiB transferred"',
    ops.index,
  );
  const op = operation.match[1]!;
  if (op !== "read" && op !== "write" && op !== "none") {
    throw new ParseError(
      `Unknown memory operation "${op}" on line ${operation.index + 1}; expected read, write or none.`,
      { line: operation.index + 1 },
    );
  }
  return {
    ...commonMetrics(common),
    mibPerSecond: numberAt(transferred, 2, "MiB per second"),
    totalMib: numberAt(transferred, 1, "MiB transferred"),
    operationsPerSecond: numberAt(ops, 2, "operations per second"),
    totalOperations: numberAt(ops, 1, "total operations"),
    blockSize: numberAt(block, 1, "the block size") * UNIT_BYTES[block.match[2]!]!,
    operation: op,
  };
}
