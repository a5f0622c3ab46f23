import type { MetricSet } from "./metric.ts";

/** What a reader's run and the published one differ in, among the facts that most often explain a gap. */
export function explainDifferences(
  reader: { metrics: Record<string, number | string>; workload?: { vcpus: number; kernel: string } },
  published: {
    threads?: number;
    vcpus?: number;
    kernel?: string;
    toolVersion?: string;
    settings?: Record<string, number | string>;
  },
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
    notes.push(
      `threads: you ran ${threads}, the published runs ${published.threads} (throughput scales with threads; match ` +
        `them to your vCPUs; not comparable)`,
    );
    comparable = false;
  }
  if (reader.workload && published.vcpus !== undefined && reader.workload.vcpus !== published.vcpus) {
    notes.push(`vCPUs: your workload saw ${reader.workload.vcpus}, the published one ${published.vcpus}`);
  }
  if (typeof threads === "number" && reader.workload && threads > reader.workload.vcpus) {
    notes.push(
      `oversubscribed: ${threads} threads on ${reader.workload.vcpus} vCPUs measures the oversubscription, not the ` +
        `runtime`,
    );
  }
  if (reader.workload && published.kernel && reader.workload.kernel !== published.kernel) {
    notes.push(
      `kernel: yours is ${reader.workload.kernel}, the published run's ${published.kernel} (schedulers differ across ` +
        `versions)`,
    );
  }
  const tool = reader.metrics.toolVersion;
  if (typeof tool === "string" && published.toolVersion && tool !== published.toolVersion) {
    notes.push(`tool version: yours is ${tool}, the published run's ${published.toolVersion}`);
  }
  return { notes, comparable };
}

/** The settings (metrics flagged `setting`) a published run used, to check a reader's against. */
export function publishedSettings(
  definitions: MetricSet,
  metrics: Record<string, number | string> | undefined,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [name, def] of Object.entries(definitions))
    if (def.setting && metrics?.[name] !== undefined) out[name] = metrics[name]!;
  return out;
}
