import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { SyscallParametersSchema, syscallArgv, syscallMetrics } from "../../../runners/guides/syscall/guide.ts";
import { parsePerfBench, perfBenchResult } from "../../../runners/guides/tool-output/perf-bench.ts";
import { fixture } from "../../helpers/fixtures.ts";

const closePatch = fixture("perf-bench/perf-bench_6.1-rc-close-patch_syscall-all_loongarch_lkml.txt");
const pipe66 = fixture("perf-bench/perf-bench_6.6-rc_sched-pipe-l100000_lkml.txt");
const debian = fixture("perf-bench/perf-bench_6.1.192_debian12_guide-command_this-machine.txt");
const debianMain = fixture("perf-bench/perf-bench_6.1.176_debian12-bookworm-main_guide-command_this-machine.txt");
const gvisor = fixture("perf-bench/perf-bench_6.1.192_gvisor-systrap_guide-command_this-machine.txt");

function parseError(text: string): string {
  try {
    parsePerfBench(text);
  } catch (error) {
    if (isParityError(error, "PARSE_FAILED")) return error.message;
    throw error;
  }
  return "";
}

describe("parsePerfBench", () => {
  it('reads the "all" format of a newer perf (syscall/basic and syscall/close)', () => {
    expect(parsePerfBench(closePatch)).toEqual([
      {
        name: "syscall/basic",
        operations: 10_000_000,
        what: "getppid() calls",
        totalSeconds: 1.956,
        usecsPerOp: 0.195686,
        opsPerSecond: 5_110_232,
      },
      {
        name: "syscall/close",
        operations: 10_000_000,
        what: "close() calls",
        totalSeconds: 6.302,
        usecsPerOp: 0.630271,
        opsPerSecond: 1_586_619,
      },
    ]);
  });

  it("reads sched/pipe as perf 6.6 prints it", () => {
    expect(parsePerfBench(pipe66)).toEqual([
      {
        name: "sched/pipe",
        operations: 100_000,
        what: "pipe operations between two processes",
        totalSeconds: 0.65,
        usecsPerOp: 6.50574,
        opsPerSecond: 153_710,
      },
    ]);
  });

  it("reads the guide's own command on Debian's perf 6.1.192 and 6.1.176, and inside gVisor", () => {
    for (const text of [debian, debianMain, gvisor]) {
      const results = parsePerfBench(text);
      expect(results.map((r) => r.name)).toEqual(["syscall/basic", "sched/pipe"]);
      expect(perfBenchResult(results, "syscall/basic").what).toBe("getppid() calls");
      expect(perfBenchResult(results, "sched/pipe").what).toBe("pipe operations between two processes");
    }
  });

  it("reads counts grouped by a locale's thousands separator and a decimal comma", () => {
    const grouped = pipe66
      .replace("# Executed 100000", "# Executed 100,000")
      .replace("6.505740 usecs", "6,505740 usecs")
      .replace(" 153710 ops", " 153.710 ops");
    expect(perfBenchResult(parsePerfBench(grouped), "sched/pipe")).toMatchObject({
      operations: 100_000,
      usecsPerOp: 6.50574,
      opsPerSecond: 153_710,
    });
  });

  it("refuses truncated, damaged or foreign outputs, saying what is missing", () => {
    expect(parseError(pipe66.split("     Total time")[0]!)).toMatch(
      /lacks its "Total time", "usecs\/op" or "ops\/sec"/,
    );
    expect(parseError(pipe66.replace(/# Executed.*\n/, ""))).toMatch(/has no "# Executed N …" line/);
    expect(parseError(pipe66.replace("6.505740", "7.505740"))).toMatch(/disagrees with its total time/);
    expect(parseError(pipe66.replace("153710", "163710"))).toMatch(/disagrees with its total time .* or rate/);
    expect(parseError("sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)\n")).toMatch(/No `# Running … benchmark`/);
  });
});

describe("system-call metrics", () => {
  it("take nanoseconds per getppid() call and microseconds per pipe round trip", () => {
    const basic = perfBenchResult(parsePerfBench(debian), "syscall/basic");
    const pipe = perfBenchResult(parsePerfBench(debian), "sched/pipe");
    expect(syscallMetrics(debian)).toEqual({
      getppidNs: Number((basic.usecsPerOp * 1000).toFixed(3)),
      pipeRoundTripUs: pipe.usecsPerOp,
      calls: basic.operations,
      roundTrips: pipe.operations,
    });
  });

  it("refuse an output that lacks one of the two benchmarks, or ran other counts than asked", () => {
    expect(() => syscallMetrics(closePatch)).toThrow(/has no perf bench sched\/pipe result \(it has syscall\/basic/);
    expect(() => syscallMetrics(`${debian}\n${debian}`)).toThrow(/2 perf bench syscall\/basic results/);
    const asked = { calls: 123_456, roundTrips: 5_000 };
    expect(() => syscallMetrics(debian, { params: asked, ran: true })).toThrow(/not the 123456 and 5000 asked for/);
  });

  it("run both benchmarks in one workload, the counts passed as arguments, never as shell code", () => {
    const argv = syscallArgv(SyscallParametersSchema.parse({ calls: 20_000, roundTrips: 3_000 }));
    expect(argv.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(argv[2]).not.toMatch(/20000|3000/);
    expect(argv.slice(3)).toEqual(["sh", "20000", "3000"]);
  });
});
