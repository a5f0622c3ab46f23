import { splitLines } from "../tool-output/lines.ts";
import { NUMBER, numberAt, parseSysbenchCommon, requireLine } from "../tool-output/sysbench.ts";
import { commonMetrics } from "../tool-output/sysbench-metrics.ts";

/** Reads `sysbench cpu run` output (any 1.0.x) into the CPU guide's metrics. */
export function parseCpuOutput(text: string): Record<string, number | string> {
  const common = parseSysbenchCommon(text);
  const lines = splitLines(text);
  const speed = requireLine(
    lines,
    new RegExp(String.raw`^\s*events per second:\s*` + NUMBER),
    '"events per second:" (under "CPU speed:"; is this a `sysbench cpu` output?)',
  );
  const prime = requireLine(lines, /^Prime numbers limit:\s*([0-9]+)/, '"Prime numbers limit:"');
  return {
    ...commonMetrics(common),
    eventsPerSecond: numberAt(speed, 1, "events per second"),
    maxPrime: numberAt(prime, 1, "the prime numbers limit"),
  };
}
