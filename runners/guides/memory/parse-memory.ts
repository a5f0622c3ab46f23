import { ParseError } from "../../core/errors.ts";
import type { StepContext } from "../define-guide.ts";
import { splitLines } from "../tool-output/lines.ts";
import { NUMBER, numberAt, parseSysbenchCommon, requireLine, splitSysbenchOutputs } from "../tool-output/sysbench.ts";
import { commonMetrics } from "../tool-output/sysbench-metrics.ts";

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

/** Metrics only a run of one thread per vCPU gives: a lone one-thread output must not pass for it. */
const EVERY_VCPU_ONLY = new Set(["mibPerSecond", "operationsPerSecond", "totalMib", "totalOperations"]);

const oneThreadPart = (m: Record<string, number | string>) => ({
  oneThreadMibPerSecond: m.mibPerSecond!,
  oneThreadTotalMib: m.totalMib!,
});

/**
 * The memory guide's metrics from its step's output: `sysbench memory` with one thread, then with
 * one thread per vCPU. A Parity run holds both, in that order. A reader's output may hold either
 * alone: one thread gives the primary metric, more threads the every-vCPU ones.
 */
export function memoryMetrics(output: string, context: StepContext = {}): Record<string, number | string> {
  const parts = splitSysbenchOutputs(output);
  if (parts.length > 2)
    throw new ParseError(
      `${parts.length} sysbench outputs in one: the memory guide's step prints two (one thread, then one per vCPU).`,
      { next: "give the output of the guide's command, or of one sysbench memory run" },
    );
  const runs = parts.map(parseMemoryOutput);
  const [first, second] = runs as [Record<string, number | string>, Record<string, number | string> | undefined];
  if (context.ran && !second)
    throw new ParseError(
      "The memory guide's step printed one sysbench output, not two (one thread, then one per vCPU): the second " +
        "did not run.",
    );
  if (second && first.threads !== 1)
    throw new ParseError(
      `The first of two sysbench memory outputs ran ${first.threads} threads: the guide's step runs one thread first.`,
    );
  if (second && (first.blockSize !== second.blockSize || first.operation !== second.operation))
    throw new ParseError(
      "The two sysbench memory outputs moved different blocks or did different operations: they are not one run " +
        "of the guide.",
    );
  if (second) return { ...second, ...oneThreadPart(first) };
  if (first.threads !== 1) return first;
  return {
    ...Object.fromEntries(Object.entries(first).filter(([name]) => !EVERY_VCPU_ONLY.has(name))),
    ...oneThreadPart(first),
  };
}
