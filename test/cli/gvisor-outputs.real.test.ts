import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";

// Outputs made inside a real gVisor sandbox (fixtures recorded on this project's machine, see
// their SOURCES.md) read like any other, and compare against the published gVisor runs.
const path = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

describe("outputs made under gVisor", () => {
  it.each([
    ["cpu", "sysbench/cpu_1.0.20_t2_gvisor-ptrace_this-machine.txt", { eventsPerSecond: 9440.58, threads: 2 }],
    [
      "memory",
      "sysbench/memory_1.0.20_t2_64M-block_gvisor-ptrace_this-machine.txt",
      { threads: 2, blockSize: 64 * 1024 * 1024 },
    ],
    [
      "io",
      "fio/fio-3.33_randread-seqwrite_nj2_gvisor-ptrace_this-machine.json",
      { toolVersion: "3.33", latencyKind: "clat" },
    ],
    [
      "noise",
      "oslat/oslat-2.40_t2_b1024_gvisor-ptrace_this-machine.txt",
      { threads: 2, histogramUs: 1024, priority: "default" },
    ],
    [
      "syscall",
      "perf-bench/perf-bench_6.1.192_gvisor-systrap_guide-command_this-machine.txt",
      { getppidNs: 783.227, pipeRoundTripUs: 64.57886, calls: 2_000_000, roundTrips: 50_000 },
    ],
  ])("parity import %s reads %s", async (guide, file, expected) => {
    const r = await parity(["import", guide, path(file)]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).metrics).toMatchObject(expected);
  });

  it("parity compare puts a gVisor run beside the published gVisor runs", async () => {
    const r = await parity([
      "compare",
      "cpu",
      path("sysbench/cpu_1.0.20_t2_gvisor-ptrace_this-machine.txt"),
      "--runtime",
      "gvisor",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ guide: "cpu", metric: "eventsPerSecond", runtime: "gvisor" });
    expect(c.published.n).toBeGreaterThanOrEqual(2);
    expect(["equivalent", "better", "worse"]).toContain(c.verdict);
  });

  it("parity compare refuses a runtime that has no runs of the guide, saying why", async () => {
    const r = await parity([
      "compare",
      "jitter",
      path("cyclictest/rt-tests-2.4_debian12_histogram_t2.txt"),
      "--runtime",
      "gvisor",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /has 0 run\(s\) of jitter on gvisor \(it cannot run this guide as defined\): nothing to compare with/,
    );
  });
});
