import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { GuideDefinition, MetricDefinition } from "../guides/define-guide.ts";
import { mean, sampleSd, type Interval } from "./descriptive.ts";

/** Where a reader's own run falls against the published runs of the same guide and runtime. */
export interface ReaderComparison {
  published: { n: number; mean: number; sd: number; /** Where the mean of k new runs would fall 95% of the time if nothing differed. */ prediction: Interval };
  reader: { values: number[]; mean: number };
  /** (reader mean − published mean) / published mean × 100. */
  deltaPercent: number;
  /** `consistent`: inside the prediction interval; otherwise better (`faster`) or worse (`slower`) than the published variation explains. */
  verdict: "consistent" | "faster" | "slower";
  /** One sentence for the reader. */
  explanation: string;
}

/**
 * Compares a reader's value(s) with the published runs: a 95% prediction interval for the
 * mean of k new runs from the published distribution (Student t, n − 1 degrees of freedom,
 * half-width t·s·√(1/k + 1/n)). Direction-aware: for a lower-is-better metric, below is faster.
 */
export function compareReaderRun(published: readonly number[], reader: readonly number[], metric: Pick<MetricDefinition, "direction" | "unit" | "label">): ReaderComparison {
  const n = published.length;
  const k = reader.length;
  const m = mean(published);
  const s = sampleSd(published);
  const half = n >= 2 ? tQuantile(0.975, n - 1) * s * Math.sqrt(1 / k + 1 / n) : Number.NaN;
  const prediction: Interval = { low: m - half, high: m + half, level: 0.95 };
  const r = mean(reader);
  const deltaPercent = ((r - m) / m) * 100;
  const higherIsBetter = metric.direction !== "lower";
  let verdict: ReaderComparison["verdict"] = "consistent";
  if (Number.isFinite(half) && (r > prediction.high || r < prediction.low)) verdict = (r > prediction.high) === higherIsBetter ? "faster" : "slower";
  const what = k === 1 ? "Your run" : `The mean of your ${k} runs`;
  const explanation =
    verdict === "consistent"
      ? `${what} is within the published variation: a difference of this size is expected between runs.`
      : `${what} is ${verdict} than the published runs by more than their variation explains; look at the differences listed below.`;
  return { published: { n, mean: m, sd: s, prediction }, reader: { values: [...reader], mean: r }, deltaPercent, verdict, explanation };
}

/** What a reader's run and the published one differ in, among the facts that most often explain a gap. */
export function explainDifferences(
  reader: { metrics: Record<string, number | string>; workload?: { vcpus: number; kernel: string } },
  published: { threads?: number; vcpus?: number; kernel?: string; toolVersion?: string; settings?: Record<string, number | string> },
): string[] {
  const notes: string[] = [];
  for (const [name, value] of Object.entries(published.settings ?? {})) {
    const mine = reader.metrics[name];
    if (mine !== undefined && mine !== value) notes.push(`${name}: yours is ${mine}, the published runs used ${value} (a different workload, not comparable)`);
  }
  const threads = reader.metrics.threads;
  if (typeof threads === "number" && published.threads !== undefined && threads !== published.threads) {
    notes.push(`threads: you ran ${threads}, the published runs ${published.threads} (throughput scales with threads; match them to your vCPUs)`);
  }
  if (reader.workload && published.vcpus !== undefined && reader.workload.vcpus !== published.vcpus) {
    notes.push(`vCPUs: your workload saw ${reader.workload.vcpus}, the published one ${published.vcpus}`);
  }
  if (typeof threads === "number" && reader.workload && threads > reader.workload.vcpus) {
    notes.push(`oversubscribed: ${threads} threads on ${reader.workload.vcpus} vCPUs measures the oversubscription, not the runtime`);
  }
  if (reader.workload && published.kernel && reader.workload.kernel !== published.kernel) {
    notes.push(`kernel: yours is ${reader.workload.kernel}, the published run's ${published.kernel} (schedulers differ across versions)`);
  }
  const tool = reader.metrics.toolVersion;
  if (typeof tool === "string" && published.toolVersion && tool !== published.toolVersion) {
    notes.push(`tool version: yours is ${tool}, the published run's ${published.toolVersion}`);
  }
  return notes;
}

/** The settings (metrics flagged `setting`) a published run used, to check a reader's against. */
export function publishedSettings(guide: GuideDefinition, metrics: Record<string, number | string> | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, def] of Object.entries(guide.metrics)) if (def.setting && metrics?.[name] !== undefined) out[name] = metrics[name]!;
  return out;
}
