import { describe, expect, it } from "vitest";
import { formatRawLog } from "../../../runners/contracts/raw-log.ts";
import { importOutput } from "../../../runners/guides/import-output.ts";
import { cyclictestArgv, jitterGuide } from "../../../runners/guides/jitter/guide.ts";
import { jitterMetrics } from "../../../runners/guides/jitter/metrics.ts";
import { parseCyclictest } from "../../../runners/guides/jitter/parse-cyclictest.ts";
import { fixture } from "../../helpers/fixtures.ts";

const bounds = { bound1Us: 100, bound2Us: 1000 };

describe("parseCyclictest on real outputs", () => {
  it("reads rt-tests 2.4's histogram per thread, the footer matching the buckets", () => {
    const out = parseCyclictest(fixture("cyclictest/rt-tests-2.4_debian12_histogram_t2.txt"));
    expect(out.hasHistogram).toBe(true);
    expect(out.threads.map((t) => [t.thread, t.cycles, t.min, t.avg, t.max])).toEqual([
      [0, 5000, 12, 22, 363],
      [1, 5000, 16, 27, 221],
    ]);
    expect(out.threads[0]!.histogram!.counts).toHaveLength(400);
    expect(out.threads[0]!.histogram!.overflow).toBe(0);
  });

  it("counts -H's extra all-threads column out and keeps overflows in each thread's cycles", () => {
    const out = parseCyclictest(fixture("cyclictest/rt-tests-2.4_debian12_histofall_t2.txt"));
    expect(out.threads).toHaveLength(2);
    expect(out.threads.map((t) => [t.cycles, t.max, t.histogram!.overflow])).toEqual([
      [2000, 186, 13],
      [2000, 94, 36],
    ]);
  });

  it("reads the summary lines of rt-tests 2.4 (quiet) and of rt-tests 1.x, threads at different intervals", () => {
    const quiet = parseCyclictest(fixture("cyclictest/rt-tests-2.4_debian12_summary_t2.txt"));
    expect(quiet).toEqual({
      hasHistogram: false,
      threads: [
        { thread: 0, priority: 95, interval: 1000, cycles: 3000, min: 11, avg: 29, max: 622 },
        { thread: 1, priority: 95, interval: 1000, cycles: 3000, min: 13, avg: 24, max: 534 },
      ],
    });
    const old = parseCyclictest(fixture("cyclictest/rt-tests-1.x_ubuntu20.04_rk3588_t8.txt"));
    expect(old.threads).toHaveLength(8);
    expect(old.threads[7]).toEqual({
      thread: 7,
      priority: 99,
      interval: 4500,
      cycles: 133327,
      min: 2,
      avg: 5,
      max: 930,
    });
  });

  it("keeps the last line of each thread from the live display (cursor-up escapes included)", () => {
    const live = parseCyclictest(fixture("cyclictest/rt-tests-2.4_debian12_live_t2.txt"));
    expect(live.threads.map((t) => [t.cycles, t.avg, t.max])).toEqual([
      [300, 24, 85],
      [300, 22, 40],
    ]);
  });

  it("reads NuttX's port, whose bucket counts run to seven digits", () => {
    const out = parseCyclictest(fixture("cyclictest/nuttx-cyclictest_samv71_histogram_t1.txt"));
    expect(out.threads[0]!.cycles).toBe(1_999_931);
    const m = jitterMetrics(out, bounds);
    // Cumulative counts: 603045 at 10 µs, 1998827 at 11, 1999631 at 12, 1999784 at 13. Rank of
    // p99.9 = ⌈0.999 × 1999931⌉ = 1997932 (11 µs); of p99.99 = 1999732 (13 µs).
    expect(m).toMatchObject({
      p50Us: 11,
      p99Us: 11,
      p999Us: 11,
      p9999Us: 13,
      maxUs: 16,
      minUs: 10,
      aboveBound1: 0,
      censored: "none",
    });
  });

  it("refuses damaged or foreign output with the reason", () => {
    const text = fixture("cyclictest/rt-tests-2.4_debian12_histogram_t2.txt");
    expect(() => parseCyclictest(text.replace(/^000013 \d+/m, "000013 999999"))).toThrow(
      /buckets add up to .* but "# Total:" says/,
    );
    expect(() => parseCyclictest(text.replace(/^# Max Latencies:.*$/m, ""))).toThrow(
      /without its "# Max Latencies:" line/,
    );
    expect(() => parseCyclictest(text.replace(/^000005 .*\n/m, ""))).toThrow(/expected bucket 5 at line/);
    expect(() => parseCyclictest("sysbench 1.0.20\nevents per second: 10\n")).toThrow(/No cyclictest results found/);
  });
});

describe("jitter metrics", () => {
  it("merges the threads' histograms for the overall tail and weights the mean by cycles", () => {
    const out = parseCyclictest(fixture("cyclictest/rt-tests-2.4_debian12_histofall_t2.txt"));
    const m = jitterMetrics(out, { bound1Us: 20, bound2Us: 40 });
    expect(m.samples).toBe(4000);
    expect(m.meanUs).toBe((29 * 2000 + 25 * 2000) / 4000);
    expect(m.maxUs).toBe(186);
    // 49 of 4000 samples lay beyond the 50 µs histogram: p99 (rank 3960) falls among them.
    expect(m.p99Us).toBe(50);
    expect(m.censored).toBe("p99Us,p999Us,p9999Us");
    expect(m.aboveBound2).toBeGreaterThanOrEqual(49);
  });

  it("gives only min, mean and max for a summary without histogram", () => {
    const m = jitterMetrics(parseCyclictest(fixture("cyclictest/rt-tests-1.x_ubuntu20.04_rk3588_t8.txt")), bounds);
    expect(m).not.toHaveProperty("p99Us");
    expect(m).toMatchObject({ threads: 8, minUs: 2, maxUs: 3059 });
  });

  it("is what `parity import jitter` reads, settings from the guide's defaults", () => {
    const imported = importOutput(
      jitterGuide,
      fixture("cyclictest/rt-tests-2.4_debian12_histogram_t2.txt"),
      "hist.txt",
    );
    expect(imported.metrics).toMatchObject({
      samples: 10000,
      bound1Us: 100,
      bound2Us: 1000,
      histogramUs: 400,
      load: "none",
    });
    // Settings the output states itself win over the defaults.
    const old = importOutput(jitterGuide, fixture("cyclictest/rt-tests-1.x_ubuntu20.04_rk3588_t8.txt"), "old.txt");
    expect(old.metrics).toMatchObject({ priority: 99, intervalUs: 1000 });
  });
});

describe("skipped wake-ups", () => {
  const text = fixture("cyclictest/rt-tests-2.4_debian12_histogram_t2.txt");
  const params = {
    durationSeconds: 5,
    intervalUs: 1000,
    priority: 95,
    histogramUs: 400,
    bound1Us: 100,
    bound2Us: 300,
    load: "none",
  };
  const parse = (over: Record<string, unknown>, ran = true) =>
    jitterGuide.steps[0]!.parse(text, { params: { ...params, ...over }, ran });

  it("counts none when every thread woke every period (5 s at 1 ms: 5000 each)", () => {
    expect(parse({})).toMatchObject({ skipped: 0, censored: "none" });
  });

  it("counts the periods a stall swallowed (expected: duration / interval per thread)", () => {
    // Had the interval been 998 µs, 5 s would hold 5010 periods per thread: 20 skipped in all.
    const m = parse({ intervalUs: 998 });
    expect(m.skipped).toBe(20);
    // Beyond the 400 µs histogram they can only be counted as overflows: the tail they reach is "at least 400".
    expect([m.p999Us, m.p9999Us]).toEqual([400, 400]);
    expect(String(m.censored).split(",")).toEqual(expect.arrayContaining(["p999Us", "p9999Us"]));
    // Later than both bounds (100, 300 µs < one interval): counted exactly.
    expect(m.aboveBound1).toBe((parse({}).aboveBound1 as number) + 20);
    expect(String(m.censored)).not.toContain("aboveBound2");
  });

  it(
    "places skipped wake-ups at one interval inside the histogram, a lower bound for every figure that reaches " +
      "them",
    () => {
      const out = parseCyclictest(text);
      const m = jitterMetrics(out, { bound1Us: 100, bound2Us: 350 }, { count: 20, intervalUs: 300 });
      const none = jitterMetrics(out, { bound1Us: 100, bound2Us: 350 }, { count: 0, intervalUs: 300 });
      // 20 of 10020 wake-ups at ≥ 300 µs: p99.9 (rank 10010) reaches them; p99 (rank 9920) does not,
      // but the 20 late ones still push it up, exactly known.
      expect(m.p999Us).toBeGreaterThanOrEqual(300);
      expect(m.p99Us).toBeGreaterThanOrEqual(none.p99Us as number);
      expect(String(m.censored).split(",")).toEqual(expect.arrayContaining(["p999Us", "p9999Us", "aboveBound2"]));
      expect(String(m.censored)).not.toMatch(/p99Us(,|$)/);
    },
  );

  it("counts nothing for an imported output, whose duration Parity does not know", () => {
    expect(parse({ durationSeconds: 60 }, false).skipped).toBeUndefined();
  });

  it("reads a Parity raw log as its run did: the duration its command names counts the skipped wake-ups", () => {
    // The fixture as a run of 6 s would have recorded it: 1000 periods per thread were never counted.
    const argv = cyclictestArgv({ ...params, durationSeconds: 6, threads: 2, load: "none" });
    const result = { stdout: text, stderr: "", exitCode: 0, durationMs: 6000, startedAt: "s", finishedAt: "f" };
    const rawLog = formatRawLog("jitter on runc, run 1", argv, result);
    const imported = importOutput(jitterGuide, rawLog, "raw log").metrics;
    const ran = parse({ durationSeconds: 6 });
    expect(ran.skipped).toBe(2000);
    for (const name of ["skipped", "p99Us", "p999Us", "p9999Us", "aboveBound1"])
      expect(imported[name], name).toBe(ran[name]);
    expect(importOutput(jitterGuide, text, "hand-run").metrics.skipped).toBeUndefined();
  });
});
