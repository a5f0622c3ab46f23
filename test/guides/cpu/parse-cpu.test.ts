import { describe, expect, it } from "vitest";
import { ParseError } from "../../../runners/core/errors.ts";
import { parseCpuOutput } from "../../../runners/guides/cpu/parse-cpu.ts";
import { fixture } from "../../helpers/fixtures.ts";

// Expected values are read off each fixture by eye; see test/fixtures/sysbench/SOURCES.md.
const cases = [
  {
    file: "cpu_1.0.9_t1_system-luajit-2.0.4_test-deprecated.txt",
    toolVersion: "1.0.9",
    luajit: "system LuaJIT 2.0.4",
    threads: 1,
    eventsPerSecond: 5503.35,
    totalEvents: 55067,
    latencyMinMs: 0.11,
    latencyAvgMs: 0.18,
    latencyMaxMs: 78.79,
    latencyP95Ms: 0.31,
    maxPrime: 2000,
  },
  {
    file: "cpu_1.0.17_t1_system-luajit-2.0.4_test-deprecated.txt",
    toolVersion: "1.0.17",
    luajit: "system LuaJIT 2.0.4",
    threads: 1,
    eventsPerSecond: 320.32,
    totalEvents: 3204,
    latencyMinMs: 2.78,
    latencyAvgMs: 3.12,
    latencyMaxMs: 203.66,
    latencyP95Ms: 3.02,
    maxPrime: 20000,
  },
  {
    file: "cpu_1.0.18_t1_system-luajit-2.1.0-beta3_test-deprecated.txt",
    toolVersion: "1.0.18",
    luajit: "system LuaJIT 2.1.0-beta3",
    threads: 1,
    eventsPerSecond: 1178.88,
    totalEvents: 11792,
    latencyMinMs: 0.84,
    latencyAvgMs: 0.85,
    latencyMaxMs: 1.4,
    latencyP95Ms: 0.89,
    maxPrime: 10000,
  },
  {
    file: "cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt",
    toolVersion: "1.0.19",
    luajit: "bundled LuaJIT 2.1.0-beta2",
    threads: 1,
    eventsPerSecond: 470.71,
    totalEvents: 4708,
    latencyMinMs: 2.02,
    latencyAvgMs: 2.12,
    latencyMaxMs: 3.36,
    latencyP95Ms: 2.35,
    maxPrime: 20000,
  },
  {
    file: "cpu_1.0.20_t4_system-luajit_two-deprecation-warnings.txt",
    toolVersion: "1.0.20",
    luajit: "system LuaJIT 2.1.0-beta3",
    threads: 4,
    eventsPerSecond: 38820.01,
    totalEvents: 388335,
    latencyMinMs: 0.07,
    latencyAvgMs: 0.1,
    latencyMaxMs: 29.45,
    latencyP95Ms: 0.07,
    maxPrime: 2000,
  },
  {
    file: "cpu_1.0.20_t1_system-luajit_sunknudsen.txt",
    toolVersion: "1.0.20",
    luajit: "system LuaJIT 2.1.0-beta3",
    threads: 1,
  },
  {
    file: "cpu_1.0.20_t2_system-luajit_this-machine.txt",
    toolVersion: "1.0.20",
    luajit: "system LuaJIT 2.1.0-beta3",
    threads: 2,
  },
];

describe("parseCpuOutput", () => {
  it.each(cases)("reads $file", ({ file, ...expected }) => {
    const metrics = parseCpuOutput(fixture(`sysbench/${file}`));
    expect(metrics).toMatchObject(expected);
    expect(metrics.eventsPerSecond).toBeGreaterThan(0);
    // events/s is total events over total time, to sysbench's rounding.
    const ratio =
      (metrics.totalEvents as number) / (metrics.totalTimeSeconds as number) / (metrics.eventsPerSecond as number);
    expect(ratio).toBeCloseTo(1, 2);
  });

  it("reads an output saved with Windows line endings", () => {
    const text = fixture("sysbench/cpu_1.0.17_t1_system-luajit-2.0.4_test-deprecated.txt").replace(/\n/g, "\r\n");
    expect(parseCpuOutput(text)).toMatchObject({ eventsPerSecond: 320.32, latencyP95Ms: 3.02 });
  });

  it("omits the p95 when sysbench was run with --percentile=0", () => {
    const text = fixture("sysbench/cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt").replace(
      /^\s*95th percentile:.*\n/m,
      "",
    );
    const metrics = parseCpuOutput(text);
    expect(metrics).not.toHaveProperty("latencyP95Ms");
    expect(metrics.latencyAvgMs).toBe(2.12);
  });

  it("rejects a truncated output and says what is missing", () => {
    const text = fixture("sysbench/cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt").split("Latency (ms):")[0]!;
    expect(() => parseCpuOutput(text)).toThrow(ParseError);
    expect(() => parseCpuOutput(text)).toThrow(/Latency \(ms\).*truncated/);
  });

  it("rejects a memory output given as a CPU output", () => {
    expect(() => parseCpuOutput(fixture("sysbench/memory_1.0.20_t1_system-luajit_sunknudsen.txt"))).toThrow(
      /events per second.*sysbench cpu/,
    );
  });

  it("rejects sysbench 0.4 by name, with the line", () => {
    try {
      parseCpuOutput(fixture("sysbench/fileio_0.4.12_legacy-format.txt"));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toMatch(
        /sysbench 0\.4\.12 \(line 1\) is not supported.*apt-get install sysbench/,
      );
      expect((error as ParseError).line).toBe(1);
    }
  });

  it("rejects text that is not sysbench at all", () => {
    expect(() => parseCpuOutput("hello\nworld\n")).toThrow(/version banner/);
  });
});
