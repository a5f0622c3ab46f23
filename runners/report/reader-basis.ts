import type { GuideDefinition } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { publishedSettings } from "../stats/reader-differences.ts";
import { type MetricSummary, metricValues } from "../stats/summarize.ts";
import type { BasisRuntime, ReaderBasis } from "./reader-comparison.ts";

/** The basis of a guide's published runs in a campaign, from its results and their summaries. */
export function readerBasis(
  guide: GuideDefinition,
  campaign: Campaign,
  result: GuideResult,
  summaries: readonly MetricSummary[],
): ReaderBasis | undefined {
  const primary = summaries.filter((s) => s.primary);
  const first = primary[0];
  if (!first) return undefined;
  const side = (runtime: string, variant: string | undefined): BasisRuntime => {
    const sample = result.measurements.find((m) => m.runtime === runtime && m.arm === "main" && m.variant === variant);
    return {
      values: metricValues(result, runtime, first.metric, "main", variant),
      ...(result.threads.perRuntime[runtime] !== undefined ? { threads: result.threads.perRuntime[runtime] } : {}),
      ...(sample ? { vcpus: sample.workload.vcpus, kernel: sample.workload.kernel } : {}),
      ...(typeof sample?.metrics.toolVersion === "string" ? { toolVersion: sample.metrics.toolVersion } : {}),
      settings: publishedSettings(guide.metrics, sample?.metrics),
      ...(result.notRunnable?.some((c) => c.runtime === runtime && c.variant === variant) ? { notRunnable: true } : {}),
    };
  };
  return {
    guide: guide.id,
    campaign: campaign.id,
    baseline: campaign.baseline,
    metric: first.metric,
    label: first.label,
    unit: first.unit,
    direction: first.direction,
    paths: Object.fromEntries(
      primary.map((s) => [
        s.variant ?? "",
        Object.fromEntries(campaign.runtimes.map((rt) => [rt, side(rt, s.variant)])),
      ]),
    ),
  };
}
