import type { GuideResult } from "../schemas/guide-result.ts";

function cell(value: unknown): string {
  const s = value === undefined || value === null ? "" : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every measurement of a campaign as CSV: one row per run and metric (long format). */
export function measurementsCsv(campaignId: string, results: readonly GuideResult[]): string {
  const rows = [
    ["campaign", "guide", "runtime", "arm", "run", "started_at", "metric", "value", "vcpus_seen", "kernel", "raw_log"],
  ];
  for (const result of results) {
    for (const m of result.measurements) {
      for (const [metric, value] of Object.entries(m.metrics)) {
        rows.push([
          campaignId,
          result.guide,
          m.runtime,
          m.arm,
          String(m.run),
          m.startedAt,
          metric,
          String(value),
          String(m.workload.vcpus),
          m.workload.kernel,
          m.steps.map((s) => s.rawLog).join(" "),
        ]);
      }
    }
  }
  return `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}
