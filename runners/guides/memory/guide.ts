// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { defineGuide } from "../define-guide.ts";
import { SYSBENCH_COMMON_METRICS, SYSBENCH_TOOL } from "../sysbench/common-metrics.ts";
import { parseMemoryOutput } from "./parse-memory.ts";

/** Parameters of the memory guide. */
export const MemoryParametersSchema = z.object({
  timeSeconds: z.number().int().min(1).max(3600).default(10).describe("Length of one run in seconds, e.g. `10`."),
  blockSize: z
    .string()
    .regex(/^[0-9]+[KMG]?$/, "use a size such as 1K, 64K or 1M")
    .default("64M")
    .describe(
      "Buffer each operation writes, sysbench `--memory-block-size`, e.g. `64M`: larger than the CPU caches, so the " +
        "guide measures memory, not cache, bandwidth (1M blocks stay in L2/L3 and swing with the neighbours' cache " +
        "use).",
    ),
  operation: z
    .enum(["read", "write"])
    .default("write")
    .describe("Memory operation, sysbench `--memory-oper`, e.g. `write`."),
  accessMode: z
    .enum(["seq", "rnd"])
    .default("seq")
    .describe("Access pattern, sysbench `--memory-access-mode`, e.g. `seq`."),
  scope: z
    .enum(["local", "global"])
    .default("local")
    .describe(
      "Buffers, sysbench `--memory-scope`: `local` gives each thread a buffer of its own; sysbench's default " +
        "`global` makes every thread write one shared buffer, whose cache lines then bounce between cores and give " +
        "two regimes of bandwidth run to run.",
    ),
  totalSize: z
    .string()
    .regex(/^[0-9]+[KMGT]?$/, "use a size such as 100G or 1T")
    .default("1T")
    .describe(
      "Cap on data moved, sysbench `--memory-total-size`; large so that `timeSeconds`, not the cap, ends the run.",
    ),
});

/** Memory bandwidth with `sysbench memory`: one thread per vCPU seen inside the workload. */
export const memoryGuide = defineGuide({
  id: "memory",
  // 2: each thread writes a buffer of its own (--memory-scope=local).
  version: 2,
  title: "Memory bandwidth (sysbench memory)",
  summary:
    "Sequential writes of blocks larger than the CPU caches on every vCPU the workload sees: the memory bandwidth " +
    "the runtime leaves to the workload.",
  fixtures: "sysbench",
  tools: [SYSBENCH_TOOL],
  parameters: MemoryParametersSchema,
  quick: { timeSeconds: 1 },
  estimateSeconds: (p) => p.timeSeconds + 0.3,
  steps: [
    {
      id: "sysbench-memory",
      title: "Run sysbench memory with one thread per vCPU",
      argv: (p) => [
        "sysbench",
        "memory",
        `--memory-block-size=${p.blockSize}`,
        `--memory-total-size=${p.totalSize}`,
        `--memory-oper=${p.operation}`,
        `--memory-access-mode=${p.accessMode}`,
        `--memory-scope=${p.scope}`,
        `--threads=${p.threads}`,
        `--time=${p.timeSeconds}`,
        "run",
      ],
      parse: parseMemoryOutput,
    },
  ],
  metrics: {
    mibPerSecond: {
      label: "Bandwidth",
      unit: "MiB/s",
      direction: "higher",
      compare: true,
      primary: true,
      description: "Data moved per second, all threads together.",
    },
    operationsPerSecond: {
      label: "Operations per second",
      unit: "ops/s",
      direction: "higher",
      compare: false,
      description: "Block operations per second, all threads together.",
    },
    totalMib: { label: "Data moved", unit: "MiB", compare: false, description: "MiB moved in the run." },
    totalOperations: { label: "Operations", unit: "ops", compare: false, description: "Block operations in the run." },
    blockSize: {
      label: "Block size",
      unit: "bytes",
      compare: false,
      setting: true,
      description: "Bytes per operation.",
    },
    operation: { label: "Operation", unit: "", compare: false, setting: true, description: "read or write." },
    ...SYSBENCH_COMMON_METRICS,
  },
});
