import type { GuideDefinition } from "../guides/define-guide.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { compare, type Comparison } from "./compare.ts";
import { describe, type Describe } from "./descriptive.ts";

/** Statistics of one runtime for one metric. */
export interface RuntimeSummary {
  runtime: string;
  values: number[];
  stats: Describe;
  /** Against the baseline; absent for the baseline itself. */
  comparison?: Comparison;
}

/** Everything the tables show for one compared metric of one guide. */
export interface MetricSummary {
  metric: string;
  label: string;
  unit: string;
  direction: "higher" | "lower";
  /** Storage mode the summary is about (I/O guide); absent for guides without storage. */
  variant?: string;
  runtimes: RuntimeSummary[];
  /** The baseline's A/A comparison (its second interleaved series against the first), when measured. */
  noiseFloor?: Comparison;
}

/** Numeric values of `metric` for one runtime and arm, in run order; excluded runs are left out. */
export function metricValues(result: GuideResult, runtime: string, metric: string, arm: "main" | "aa" = "main", variant?: string): number[] {
  return result.measurements
    .filter((m) => m.runtime === runtime && m.arm === arm && m.variant === variant && m.excluded === undefined)
    .sort((a, b) => a.run - b.run)
    .map((m) => m.metrics[metric])
    .filter((v): v is number => typeof v === "number");
}

/**
 * Derives the statistics of every compared metric of a guide from its stored measurements:
 * per-runtime descriptive statistics, the comparison with the baseline and the noise floor.
 */
export function summarizeGuide(
  guide: GuideDefinition,
  result: GuideResult,
  options: { baseline: string; runtimes: readonly string[]; thresholdPercent: number },
): MetricSummary[] {
  const summaries: MetricSummary[] = [];
  const variants = [...new Set(result.measurements.map((m) => m.variant))];
  for (const variant of variants) {
    for (const [metric, def] of Object.entries(guide.metrics)) {
      if (!def.compare || !def.direction) continue;
      const direction = def.direction;
      const baseValues = metricValues(result, options.baseline, metric, "main", variant);
      if (baseValues.length === 0) continue;
      const runtimes = options.runtimes.map((runtime): RuntimeSummary => {
        const values = metricValues(result, runtime, metric, "main", variant);
        const summary: RuntimeSummary = { runtime, values, stats: describe(values) };
        if (runtime !== options.baseline && values.length > 0) {
          summary.comparison = compare(baseValues, values, { direction, thresholdPercent: options.thresholdPercent });
        }
        return summary;
      });
      const aa = metricValues(result, options.baseline, metric, "aa", variant);
      const entry: MetricSummary = { metric, label: def.label, unit: def.unit, direction, ...(variant ? { variant } : {}), runtimes };
      if (aa.length > 0) entry.noiseFloor = compare(baseValues, aa, { direction, thresholdPercent: options.thresholdPercent });
      summaries.push(entry);
    }
  }
  return summaries;
}

/** One runtime's metric in one storage mode against the same runtime in another (the storage-path lesson). */
export interface ModeComparison {
  runtime: string;
  metric: string;
  label: string;
  unit: string;
  baseMode: string;
  otherMode: string;
  comparison: Comparison;
}

/** Compares storage modes within each runtime: `otherMode` against `baseMode`, for every compared metric. */
export function compareModes(guide: GuideDefinition, result: GuideResult, runtimes: readonly string[], baseMode: string, otherMode: string, thresholdPercent: number): ModeComparison[] {
  const out: ModeComparison[] = [];
  for (const runtime of runtimes) {
    for (const [metric, def] of Object.entries(guide.metrics)) {
      if (!def.compare || !def.direction) continue;
      const base = metricValues(result, runtime, metric, "main", baseMode);
      const other = metricValues(result, runtime, metric, "main", otherMode);
      if (base.length === 0 || other.length === 0) continue;
      out.push({ runtime, metric, label: def.label, unit: def.unit, baseMode, otherMode, comparison: compare(base, other, { direction: def.direction, thresholdPercent }) });
    }
  }
  return out;
}
