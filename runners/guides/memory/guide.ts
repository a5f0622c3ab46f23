// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { defineGuide, type StepParameters } from "../define-guide.ts";
import { SYSBENCH_COMMON_METRICS, SYSBENCH_TOOL } from "../tool-output/sysbench-metrics.ts";
import { memoryMetrics } from "./parse-memory.ts";

/** Parameters of the memory guide. */
export const MemoryParametersSchema = z.object({
  timeSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(5)
    .describe("Length of each of the run's two measurements (one thread, then one per vCPU) in seconds, e.g. `5`."),
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

export type MemoryParameters = z.output<typeof MemoryParametersSchema>;

/**
 * The guide's command: sysbench memory with one thread, then with one thread per vCPU, in one workload under one
 * probe. The thread count and the options reach sysbench as positional parameters, never re-parsed by the shell.
 */
export function memoryArgv(p: StepParameters<MemoryParameters>): string[] {
  return [
    "sh",
    "-c",
    'n=$1; shift; sysbench memory --threads=1 "$@" run && sysbench memory --threads="$n" "$@" run',
    "sh",
    String(p.threads),
    `--memory-block-size=${p.blockSize}`,
    `--memory-total-size=${p.totalSize}`,
    `--memory-oper=${p.operation}`,
    `--memory-access-mode=${p.accessMode}`,
    `--memory-scope=${p.scope}`,
    `--time=${p.timeSeconds}`,
  ];
}

/**
 * Memory bandwidth with `sysbench memory`: one thread (the primary metric), then one thread per
 * vCPU seen inside the workload.
 */
export const memoryGuide = defineGuide({
  id: "memory",
  // 2: each thread writes a buffer of its own (--memory-scope=local). 3: one thread first, as the primary metric.
  version: 3,
  title: "Memory bandwidth (sysbench memory)",
  summary:
    "Sequential writes of blocks larger than the CPU caches by one thread, then by one thread on every vCPU the " +
    "workload sees: the memory bandwidth the runtime leaves to the workload.",
  fixtures: "sysbench",
  tools: [SYSBENCH_TOOL],
  parameters: MemoryParametersSchema,
  quick: { timeSeconds: 1 },
  estimateSeconds: (p) => 2 * p.timeSeconds + 0.6,
  steps: [
    {
      id: "sysbench-memory",
      title: "Run sysbench memory with one thread, then with one thread per vCPU",
      argv: (p) => memoryArgv(p),
      parse: memoryMetrics,
    },
  ],
  metrics: {
    oneThreadMibPerSecond: {
      label: "Bandwidth, one thread",
      unit: "MiB/s",
      direction: "higher",
      compare: true,
      primary: true,
      description:
        "Data one thread moves per second. The primary metric because it depends on the runtime and the memory, not " +
        "on where the host puts the vCPUs (see Why).",
    },
    mibPerSecond: {
      label: "Bandwidth, every vCPU",
      unit: "MiB/s",
      direction: "higher",
      compare: true,
      description: "Data moved per second by one thread per vCPU, all together.",
    },
    operationsPerSecond: {
      label: "Operations per second",
      unit: "ops/s",
      direction: "higher",
      compare: false,
      description: "Block operations per second, one thread per vCPU together.",
    },
    totalMib: {
      label: "Data moved",
      unit: "MiB",
      compare: false,
      description: "MiB moved by one thread per vCPU.",
    },
    totalOperations: {
      label: "Operations",
      unit: "ops",
      compare: false,
      description: "Block operations of one thread per vCPU.",
    },
    oneThreadTotalMib: {
      label: "Data moved, one thread",
      unit: "MiB",
      compare: false,
      description: "MiB moved by the single thread.",
    },
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
