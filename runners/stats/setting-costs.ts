import type { GuideResult } from "../schemas/guide-result.ts";
import { type Comparison, compare } from "./compare.ts";
import type { MetricSet } from "./metric.ts";
import { metricValues } from "./summarize.ts";

/** What one setting of a runtime costs: the runtime that changes it against the runtime itself, on the primary. */
export interface SettingCost {
  /** The runtime that changes one setting, e.g. `gvisor-ptrace`. */
  runtime: string;
  /** The runtime it varies, e.g. `gvisor`. */
  base: string;
  metric: string;
  /** Storage mode of an I/O metric. */
  variant?: string;
  comparison: Comparison;
}

/**
 * The runtime whose setting a runtime changes, by name: `gvisor-ptrace` varies `gvisor` when the campaign ran
 * both (a profile named `<runtime>-<setting>` changes one setting of `<runtime>`).
 */
export function variedRuntime(runtime: string, runtimes: readonly string[]): string | undefined {
  const cut = runtime.lastIndexOf("-");
  const base = cut > 0 ? runtime.slice(0, cut) : undefined;
  return base !== undefined && runtimes.includes(base) ? base : undefined;
}

/**
 * Each setting's runtime against the runtime it changes, on the guide's primary metric and in each storage
 * mode: the same log-scale comparison and verdict rule as against the baseline, without its A/A
 * gate (the A/A arm is the baseline's, not the varied runtime's).
 */
export function settingCosts(
  metrics: MetricSet,
  result: GuideResult,
  runtimes: readonly string[],
  thresholdPercent: number,
): SettingCost[] {
  // A guide may name several primaries in order of preference (one per target, or a fallback):
  // the first with data counts.
  const [metric, definition] =
    Object.entries(metrics).find(
      ([name, m]) => m.primary && result.measurements.some((r) => typeof r.metrics[name] === "number"),
    ) ?? [];
  if (!metric || !definition?.direction) return [];
  const modes = [...new Set(result.measurements.map((m) => m.variant))];
  const costs: SettingCost[] = [];
  for (const runtime of runtimes) {
    const base = variedRuntime(runtime, runtimes);
    if (!base) continue;
    for (const mode of modes) {
      const baseValues = metricValues(result, base, metric, "main", mode);
      const values = metricValues(result, runtime, metric, "main", mode);
      if (baseValues.length === 0 || values.length === 0) continue;
      costs.push({
        runtime,
        base,
        metric,
        ...(mode ? { variant: mode } : {}),
        comparison: compare(baseValues, values, { direction: definition.direction, thresholdPercent }),
      });
    }
  }
  return costs;
}
