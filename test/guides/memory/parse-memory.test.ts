import { describe, expect, it } from "vitest";
import { memoryMetrics, parseMemoryOutput } from "../../../runners/guides/memory/parse-memory.ts";
import { splitSysbenchOutputs } from "../../../runners/guides/tool-output/sysbench.ts";
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

describe("memoryMetrics (the guide's step: one thread, then one per vCPU)", () => {
  const guideOutputs = ["host", "runc", "gvisor"].map(
    (runtime) => `sysbench/memory_1.0.20_guide-command_t1-then-t2_${runtime}_this-machine.txt`,
  );
  /** The "(N MiB/sec)" figures of a text, in order, read apart from the parser. */
  const printedRates = (text: string) => [...text.matchAll(/\(([0-9.]+) MiB\/sec\)/g)].map((m) => Number(m[1]));

  it.each(guideOutputs)("reads both measurements of %s", (file) => {
    const text = fixture(file);
    const [one, every] = printedRates(text);
    const metrics = memoryMetrics(text, { ran: true });
    expect(metrics).toMatchObject({ oneThreadMibPerSecond: one, mibPerSecond: every, threads: 2, operation: "write" });
  });

  it("takes a lone one-thread output as the primary metric only, never as every vCPU's", () => {
    const metrics = memoryMetrics(fixture("sysbench/memory_1.0.20_t1_system-luajit_sunknudsen.txt"));
    expect(metrics.oneThreadMibPerSecond).toBeGreaterThan(0);
    expect(metrics).not.toHaveProperty("mibPerSecond");
    expect(metrics).not.toHaveProperty("totalOperations");
  });

  it("takes a lone output of several threads as every vCPU's, without the primary metric", () => {
    const metrics = memoryMetrics(fixture("sysbench/memory_1.0.20_t4_system-luajit-2.1.1723681758_armv7.txt"));
    expect(metrics).toMatchObject({ mibPerSecond: 1840.02, threads: 4 });
    expect(metrics).not.toHaveProperty("oneThreadMibPerSecond");
  });

  it("refuses a Parity run whose second measurement did not run", () => {
    const [first] = splitSysbenchOutputs(fixture(guideOutputs[0]!));
    expect(() => memoryMetrics(first!, { ran: true })).toThrow(/one sysbench output, not two/);
  });

  it("refuses the two measurements in the wrong order, a third one, or two of different blocks", () => {
    const [one, every] = splitSysbenchOutputs(fixture(guideOutputs[1]!));
    expect(() => memoryMetrics(`${every}\n${one}`)).toThrow(/runs one thread first/);
    expect(() => memoryMetrics(`${one}\n${every}\n${every}`)).toThrow(/3 sysbench outputs in one/);
    const kib = fixture("sysbench/memory_1.0.20_t1_system-luajit_sunknudsen.txt");
    expect(() => memoryMetrics(`${kib}\n${every}`)).toThrow(/different blocks/);
  });
});
