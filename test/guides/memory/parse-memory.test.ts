import { describe, expect, it } from "vitest";
import { parseMemoryOutput } from "../../../runners/guides/memory/parse-memory.ts";
import { fixture } from "../../helpers/fixtures.ts";

const cases = [
  {
    file: "memory_1.0.20_t1_system-luajit_sunknudsen.txt",
    toolVersion: "1.0.20",
    threads: 1,
    blockSize: 1024,
    operation: "write",
  },
  {
    file: "memory_1.0.20_t4_system-luajit-2.1.1723681758_armv7.txt",
    toolVersion: "1.0.20",
    luajit: "system LuaJIT 2.1.1723681758",
    threads: 4,
    mibPerSecond: 1840.02,
    totalMib: 18411.1,
    operationsPerSecond: 1884178.24,
    totalOperations: 18852965,
    blockSize: 1024,
    operation: "write",
    latencyMaxMs: 20.06,
  },
  {
    file: "memory_1.0.20_t8_system-luajit_total-size-reached.txt",
    toolVersion: "1.0.20",
    threads: 8,
    mibPerSecond: 16705.94,
    totalMib: 102400,
    operationsPerSecond: 17106884.26,
    totalTimeSeconds: 6.1282,
    blockSize: 1024,
    operation: "write",
  },
  {
    file: "memory_1.0.20_t2_64M-block_this-machine.txt",
    toolVersion: "1.0.20",
    threads: 2,
    blockSize: 64 * 1024 * 1024,
    operation: "write",
  },
];

describe("parseMemoryOutput", () => {
  it.each(cases)("reads $file", ({ file, ...expected }) => {
    const metrics = parseMemoryOutput(fixture(`sysbench/${file}`));
    expect(metrics).toMatchObject(expected);
    // MiB moved = operations × block size, to sysbench's rounding.
    const mib = ((metrics.totalOperations as number) * (metrics.blockSize as number)) / 2 ** 20;
    expect(mib / (metrics.totalMib as number)).toBeCloseTo(1, 3);
  });

  it("rejects a CPU output given as a memory output", () => {
    expect(() =>
      parseMemoryOutput(fixture("sysbench/cpu_1.0.18_t1_system-luajit-2.1.0-beta3_test-deprecated.txt")),
    ).toThrow(/Running memory speed test.*sysbench memory/);
  });

  it("rejects an output cut before the bandwidth line", () => {
    const text = fixture("sysbench/memory_1.0.20_t1_system-luajit_sunknudsen.txt").split("Total operations")[0]!;
    expect(() => parseMemoryOutput(text)).toThrow(/truncated/);
  });
});
