// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { defineGuide } from "../define-guide.ts";
import { SYSBENCH_COMMON_METRICS, SYSBENCH_TOOL } from "../tool-output/sysbench-metrics.ts";
import { parseCpuOutput } from "./parse-cpu.ts";

/** Parameters of the CPU guide. */
export const CpuParametersSchema = z.object({
  timeSeconds: z.number().int().min(1).max(3600).default(10).describe("Length of one run in seconds, e.g. `10`."),
  maxPrime: z
    .number()
    .int()
    .min(100)
    .default(10000)
    .describe("Upper limit of the prime search, sysbench `--cpu-max-prime`, e.g. `10000`."),
});

/** CPU throughput with `sysbench cpu`: one thread per vCPU seen inside the workload. */
export const cpuGuide = defineGuide({
  id: "cpu",
  version: 1,
  title: "CPU throughput (sysbench cpu)",
  summary:
    "Prime-number verification on every vCPU the workload sees: how much compute the runtime leaves to the workload.",
  fixtures: "sysbench",
  tools: [SYSBENCH_TOOL],
  parameters: CpuParametersSchema,
  quick: { timeSeconds: 1 },
  estimateSeconds: (p) => p.timeSeconds + 0.3,
  steps: [
    {
      id: "sysbench-cpu",
      title: "Run sysbench cpu with one thread per vCPU",
      argv: (p) => [
        "sysbench",
        "cpu",
        `--cpu-max-prime=${p.maxPrime}`,
        `--threads=${p.threads}`,
        `--time=${p.timeSeconds}`,
        "run",
      ],
      parse: parseCpuOutput,
    },
  ],
  metrics: {
    eventsPerSecond: {
      label: "Events per second",
      unit: "events/s",
      direction: "higher",
      compare: true,
      primary: true,
      description: "Prime verifications completed per second, all threads together.",
    },
    ...SYSBENCH_COMMON_METRICS,
    maxPrime: {
      label: "Prime limit",
      unit: "",
      compare: false,
      setting: true,
      description: "`--cpu-max-prime` the run used.",
    },
  },
});
