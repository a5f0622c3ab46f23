import type { MetricDefinition } from "../define-guide.ts";
import type { SysbenchCommon } from "./sysbench.ts";

/** The sysbench tool requirement shared by the CPU and memory guides. */
export const SYSBENCH_TOOL = { binary: "sysbench", debianPackage: "sysbench", versionArgv: ["sysbench", "--version"] };

/** Metrics every sysbench test yields, with their meaning. */
export const SYSBENCH_COMMON_METRICS = {
  totalEvents: { label: "Total events", unit: "events", compare: false, description: "Events completed in the run." },
  totalTimeSeconds: {
    label: "Total time",
    unit: "s",
    compare: false,
    description: "Wall time sysbench reports for the run.",
  },
  latencyMinMs: { label: "Latency min", unit: "ms", compare: false, description: "Fastest single event." },
  latencyAvgMs: {
    label: "Latency avg",
    unit: "ms",
    direction: "lower",
    compare: false,
    description: "Mean time of one event; printed to 0.01 ms, too coarse to compare short events.",
  },
  latencyMaxMs: {
    label: "Latency max",
    unit: "ms",
    compare: false,
    description: "Slowest single event; one outlier decides it, so it is recorded, not compared.",
  },
  latencyP95Ms: {
    label: "Latency p95",
    unit: "ms",
    direction: "lower",
    compare: false,
    description: "95th percentile of event time, when sysbench prints it (0.01 ms resolution).",
  },
  threads: { label: "Threads", unit: "threads", compare: false, description: "Worker threads sysbench ran." },
  toolVersion: { label: "sysbench version", unit: "", compare: false, description: "Version from sysbench's banner." },
} satisfies Record<string, MetricDefinition>;

/** Flattens the common part of a sysbench output into metric values. */
export function commonMetrics(common: SysbenchCommon): Record<string, number | string> {
  const metrics: Record<string, number | string> = {
    totalEvents: common.totalEvents,
    totalTimeSeconds: common.totalTimeSeconds,
    latencyMinMs: common.latencyMinMs,
    latencyAvgMs: common.latencyAvgMs,
    latencyMaxMs: common.latencyMaxMs,
    threads: common.threads,
    toolVersion: common.toolVersion,
    luajit: common.luajit,
  };
  const p95 = common.latencyPercentilesMs[95];
  if (p95 !== undefined) metrics.latencyP95Ms = p95;
  return metrics;
}
