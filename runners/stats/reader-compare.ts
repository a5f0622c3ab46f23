import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import type { GuideDefinition, MetricDefinition } from "../guides/define-guide.ts";
import { mean, sampleSd, type Interval } from "./descriptive.ts";

/** What a reader's run amounts to against the published runs. */
export type ReaderVerdict = "consistent" | "faster" | "slower" | "not comparable" | "too few published runs";

/** Where a reader's own run falls against the published runs of the same guide and runtime. */
export interface ReaderComparison {
  published: { n: number; mean: number; sd: number; /** Where the geometric mean of k new runs would fall 95% of the time if nothing differed. */ prediction: Interval };
  reader: { values: number[]; mean: number };
  /** Reader's geometric mean against the published geometric mean, as a percent change. */
  deltaPercent: number;
  /** `consistent`: inside the prediction interval; otherwise better (`faster`) or worse (`slower`) than the published variation explains; no verdict for another workload or too few published runs. */
  verdict: ReaderVerdict;
  /** One sentence for the reader. */
  explanation: string;
}

const geometricMean = (values: readonly number[]) => Math.exp(mean(values.map(Math.log)));

/**
 * Compares a reader's value(s) with the published runs on the log scale: a 95% prediction
 * interval for the geometric mean of k new runs from the published distribution (Student t,
 * n − 1 degrees of freedom, half-width t·s·√(1/k + 1/n) on the log values, so it never goes
 * below zero). Direction-aware: for a lower-is-better metric, below is faster. A run of
 * another workload, or a published sample of fewer than two runs, gets no verdict.
 */
export function compareReaderRun(
  published: readonly number[],
  reader: readonly number[],
  metric: Pick<MetricDefinition, "direction" | "unit" | "label">,
  options: { comparable?: boolean } = {},
): ReaderComparison {
  const n = published.length;
  const k = reader.length;
  const positive = [...published, ...reader].every((v) => v > 0);
  const logs = published.map(Math.log);
  const m = positive ? geometricMean(published) : mean(published);
  const s = sampleSd(published);
  const half = n >= 2 && positive ? tQuantile(0.975, n - 1) * sampleSd(logs) * Math.sqrt(1 / k + 1 / n) : Number.NaN;
  const prediction: Interval = { low: m * Math.exp(-half), high: m * Math.exp(half), level: 0.95 };
  const r = positive ? geometricMean(reader) : mean(reader);
  const deltaPercent = ((r - m) / m) * 100;
  const base = { published: { n, mean: m, sd: s, prediction }, reader: { values: [...reader], mean: r }, deltaPercent };
  if (n < 2) {
    return { ...base, verdict: "too few published runs", explanation: `The published campaign has ${n} run(s) of this runtime: a prediction interval needs at least 2, so there is no verdict.` };
  }
  if (options.comparable === false) {
    return { ...base, verdict: "not comparable", explanation: "Your run measured a different workload (see what differs below): a verdict would compare different things." };
  }
  const higherIsBetter = metric.direction !== "lower";
  let verdict: ReaderVerdict = "consistent";
  if (Number.isFinite(half) && (r > prediction.high || r < prediction.low)) verdict = (r > prediction.high) === higherIsBetter ? "faster" : "slower";
  const what = k === 1 ? "Your run" : `The geometric mean of your ${k} runs`;
  const explanation =
    verdict === "consistent"
      ? `${what} is within the published variation: a difference of this size is expected between runs.`
      : `${what} is ${verdict} than the published runs by more than their variation explains; look at the differences listed below.`;
  return { ...base, verdict, explanation };
}

/** What a reader's run and the published one differ in, among the facts that most often explain a gap. */
export function explainDifferences(
  reader: { metrics: Record<string, number | string>; workload?: { vcpus: number; kernel: string } },
  published: { threads?: number; vcpus?: number; kernel?: string; toolVersion?: string; settings?: Record<string, number | string> },
): { notes: string[]; comparable: boolean } {
  const notes: string[] = [];
  let comparable = true;
  for (const [name, value] of Object.entries(published.settings ?? {})) {
    const mine = reader.metrics[name];
    if (mine !== undefined && mine !== value) {
      notes.push(`${name}: yours is ${mine}, the published runs used ${value} (a different workload, not comparable)`);
      comparable = false;
    }
  }
  const threads = reader.metrics.threads;
  if (typeof threads === "number" && published.threads !== undefined && threads !== published.threads) {
    notes.push(`threads: you ran ${threads}, the published runs ${published.threads} (throughput scales with threads; match them to your vCPUs; not comparable)`);
    comparable = false;
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
  return { notes, comparable };
}

/** The settings (metrics flagged `setting`) a published run used, to check a reader's against. */
export function publishedSettings(guide: GuideDefinition, metrics: Record<string, number | string> | undefined): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, def] of Object.entries(guide.metrics)) if (def.setting && metrics?.[name] !== undefined) out[name] = metrics[name]!;
  return out;
}
