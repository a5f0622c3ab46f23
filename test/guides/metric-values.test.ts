import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { importOutput } from "../../runners/guides/import-output.ts";
import { guides } from "../../runners/guides/index.ts";
import { ImportedMeasurementSchema } from "../../runners/schemas/imported.ts";
import { judgeReaderRun } from "../../runners/stats/reader-verdict.ts";

// Every number that can enter a verdict is checked where it enters: a tool output read by
// `import`, `compare` and the browser panel (one parser each), and an imported measurement's JSON.
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const fio = JSON.parse(fixture("fio/fio-3.33_randread-seqwrite_nj2_group-reporting_this-machine.json"));
const sysbench = fixture("sysbench/cpu_1.0.20_t2_system-luajit_this-machine.txt");

/** The fio fixture with its first job's read "iops" set to `value` (deleted when undefined). */
function fioWithIops(value: unknown): string {
  const copy = structuredClone(fio);
  const job = copy.jobs[0];
  const side = job.read.io_bytes > 0 ? job.read : job.write;
  if (value === undefined) delete side.iops;
  else side.iops = value;
  // 1e309 is written as text: JSON.stringify would turn the Infinity it parses to into null.
  return JSON.stringify(copy).replace('"iops":"__big__"', '"iops":1e309');
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isParityError(error)) return error.message;
    throw error;
  }
  throw new Error("accepted");
}

describe("numbers are checked where they enter", () => {
  it("refuses an fio output whose iops is missing, infinite or negative, naming the field", () => {
    for (const [value, shown] of [
      [undefined, "missing"],
      ["__big__", "Infinity"],
      [-20, "-20"],
    ] as const) {
      const message = refusal(() => importOutput(guides.get("io"), fioWithIops(value), "mine.json"));
      expect(message).toMatch(new RegExp(`"iops" is ${shown}: fio reports a finite, non-negative number`));
    }
  });

  it('refuses a sysbench "events per second" it cannot read whole (1e309 is not 1)', () => {
    const forged = sysbench.replace(/events per second:\s*[\d.]+/, "events per second: 1e309");
    expect(forged).not.toBe(sysbench);
    expect(refusal(() => importOutput(guides.get("cpu"), forged, "cpu.txt"))).toMatch(/events per second/);
  });

  it("refuses an imported measurement whose metric is negative or beyond any machine", () => {
    for (const value of [-1, 1e308, Number.POSITIVE_INFINITY]) {
      const parsed = ImportedMeasurementSchema.safeParse({
        schemaVersion: 1,
        guide: "cpu",
        guideVersion: 1,
        source: "x",
        metrics: { eventsPerSecond: value },
      });
      expect(parsed.success, String(value)).toBe(false);
      expect(JSON.stringify(parsed.error?.issues.map((i) => i.path))).toContain("eventsPerSecond");
    }
  });

  it("gives no verdict to a throughput of 0 or anything negative, and judges a count of 0", () => {
    const published = { n: 5, mean: 100, sd: 2, prediction: { low: 95, high: 105, level: 0.95 } };
    for (const value of [0, -1])
      expect(refusal(() => judgeReaderRun(published, [value], { direction: "higher" }))).toMatch(
        /cannot be compared: this metric's values are finite, above 0 \(a throughput of 0 is a run that did nothing\)/,
      );
    expect(refusal(() => judgeReaderRun(published, [-1], { direction: "lower" }))).toMatch(/not negative/);
    // No interruption at all: the best a lower-is-better count can be.
    expect(judgeReaderRun(published, [0], { direction: "lower" }).verdict).toBe("better");
  });
});
