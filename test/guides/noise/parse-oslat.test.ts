import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { noiseGuide, noiseMetrics, oslatArgv } from "../../../runners/guides/noise/guide.ts";
import { parseOslat } from "../../../runners/guides/noise/parse-oslat.ts";
import { fixture } from "../../helpers/fixtures.ts";

const v240 = fixture("oslat/oslat-2.40_t2_b8_debian12_this-machine.txt");
const v110 = fixture("oslat/oslat-1.10_t7_fifo1_rhel8-rt_container-perf-tools.txt");

function parseError(text: string): string {
  try {
    parseOslat(text);
  } catch (error) {
    if (isParityError(error, "PARSE_FAILED")) return error.message;
    throw error;
  }
  return "";
}

describe("parseOslat", () => {
  it("reads rt-tests 2.40 (Counter Freq, default priority, 8 buckets)", () => {
    const out = parseOslat(v240);
    expect(out).toMatchObject({ version: "2.40", priority: "default", lastBucket: 8 });
    expect(out.threads.map((t) => [t.cpu, t.min, t.avg, t.max, t.durationSeconds])).toEqual([
      [0, 1, 1.01, 10719, 1.996],
      [1, 1, 1.01, 14843, 1.996],
    ]);
    expect(out.threads[1]!.buckets.get(2)).toBe(18);
    expect(out.threads[0]!.buckets.get(8)).toBe(3271);
  });

  it("reads rt-tests 1.10 (CPU Freq, SCHED_FIFO, 7 CPUs, 32 buckets)", () => {
    const out = parseOslat(v110);
    expect(out).toMatchObject({ version: "1.10", priority: "SCHED_FIFO:1", lastBucket: 32 });
    expect(out.threads.map((t) => t.cpu)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(out.threads.map((t) => t.max)).toEqual([14, 17, 9, 17, 12, 17, 8]);
    expect(out.threads[1]!.buckets.get(17)).toBe(140);
  });

  it("reads the guide's own command run inside gVisor (1024 buckets)", () => {
    const out = parseOslat(fixture("oslat/oslat-2.40_t2_b1024_gvisor-ptrace_this-machine.txt"));
    expect(out).toMatchObject({ version: "2.40", priority: "default", lastBucket: 1024 });
    expect(out.threads).toHaveLength(2);
    expect(out.threads[0]!.buckets.size).toBe(1024);
    expect(out.threads[0]!.buckets.get(1)).toBe(100381387);
  });

  it("treats rows left out by --zero-omit as zero", () => {
    const omitted = v240.replace(/^\s+00[23] \(us\):.*\n/gm, "    ...\n");
    const out = parseOslat(omitted);
    expect(out.threads[1]!.buckets.get(2)).toBeUndefined();
    expect(out.threads[1]!.buckets.get(4)).toBe(68);
  });

  it("refuses truncated or foreign outputs, saying what is missing", () => {
    expect(parseError(v240.split("     Minimum")[0]!)).toMatch(/without its "Minimum:" line; the output is truncated/);
    expect(parseError(v240.split("        Core:")[0]!)).toMatch(/without its `Core:` line: the run did not complete/);
    expect(parseError(v240.replace(" (including overflows)", ""))).toMatch(/no row marked "\(including overflows\)"/);
    expect(parseError(v240.replace("001 (us):\t 67359163 64875181", "001 (us):\t 67359163"))).toMatch(
      /has 1 columns for 2 CPUs/,
    );
    expect(parseError("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)\n")).toMatch(/No `oslat V …` banner/);
  });
});

describe("noise metrics", () => {
  it("counts interruptions from the histogram per CPU-second, computed by hand", () => {
    // rt-tests 1.10 fixture, bound 10 µs: buckets 11 and later (iterations of ≥ 10 µs).
    const m = noiseMetrics(parseOslat(v110), { bound1Us: 10, bound2Us: 16 });
    // Column sums of buckets 11–32: 1, 287, 0, 288, 1, 288, 0 = 865 iterations; 7 CPUs × 10.003 s.
    expect(m.aboveBound1PerSecond).toBeCloseTo(865 / (7 * 10.003), 9);
    // Buckets 17–32 (≥ 16 µs): 0, 140, 0, 105, 0, 144, 0 = 389.
    expect(m.aboveBound2PerSecond).toBeCloseTo(389 / (7 * 10.003), 9);
    // Lost time: Σ count × (k − 0.5) µs over buckets ≥ 11.
    const lostUs =
      10.5 * (0 + 143 + 0 + 143 + 0 + 143 + 0) +
      11.5 * 2 +
      13.5 * 1 +
      14.5 * 1 +
      15.5 * (4 + 39) +
      16.5 * (140 + 105 + 144);
    expect(m.lostPercent).toBeCloseTo((lostUs / 1e6 / (7 * 10.003)) * 100, 9);
    expect(m).toMatchObject({ maxUs: 17, threads: 7, histogramUs: 32, priority: "SCHED_FIFO:1", toolVersion: "1.10" });
  });

  it('runs oslat unprivileged: stacks cut to fit the memory-lock limit, arguments passed through "$@"', () => {
    expect(oslatArgv({ durationSeconds: 30, buckets: 1024, bound1Us: 10, bound2Us: 100, threads: 2 })).toEqual([
      "sh",
      "-c",
      'ulimit -s 1024 && exec "$@"',
      "oslat",
      "oslat",
      "--duration=30",
      "--cpu-list=0-1",
      "--bucket-size=1024",
    ]);
    expect(noiseGuide.parameters.safeParse({ bound2Us: 2000 }).success).toBe(false);
  });
});
