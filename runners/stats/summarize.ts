import type { GuideDefinition } from "../guides/define-guide.ts";
import type { GuideResult, NotRunnable } from "../schemas/guide-result.ts";
import { compare, type Comparison } from "./compare.ts";
import { describe, type Describe } from "./descriptive.ts";

/**
 * The runtime that isolates nothing (a bare host process): when it is not the baseline, it is
 * a reference that the baseline itself is compared with (runc against host), not a candidate.
 */
export const REFERENCE_RUNTIME = "host";

/** Statistics of one runtime for one metric. */
export interface RuntimeSummary {
  runtime: string;
  /** `baseline`: what candidates are compared with; `reference`: compared with the baseline the other way round. */
  role: "baseline" | "candidate" | "reference";
  values: number[];
  stats: Describe;
  /** Against the baseline; for the reference, the baseline against it (runc vs host); absent for the baseline. */
  comparison?: Comparison;
  /** Why this runtime has no runs of this metric: it cannot run the guide as defined. */
  notRunnable?: NotRunnable;
  /** Why this runtime's runs get no comparison although they ran, e.g. direct I/O not honoured on one side only. */
  notComparable?: string;
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

/** What a runtime's comparison compares, e.g. `gvisor vs runc`, or for the reference `runc vs host`. */
export function comparisonLabel(r: Pick<RuntimeSummary, "runtime" | "role">, baseline: string): string {
  return r.role === "reference" ? `${baseline} vs ${r.runtime}` : `${r.runtime} vs ${baseline}`;
}

/** Candidates first (the sandbox against the baseline), then the reference: the order results are read in. */
export function byRole<T extends { r: Pick<RuntimeSummary, "role"> }>(rows: readonly T[]): T[] {
  const rank = { candidate: 0, reference: 1, baseline: 2 } as const;
  return [...rows].sort((a, b) => rank[a.r.role] - rank[b.r.role]);
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
        const role = runtime === options.baseline ? "baseline" : runtime === REFERENCE_RUNTIME ? "reference" : "candidate";
        const summary: RuntimeSummary = { runtime, role, values, stats: describe(values) };
        const cell = result.notRunnable?.find((c) => c.runtime === runtime && c.variant === variant);
        if (cell) summary.notRunnable = cell;
        const direct = (r: string) => !result.measurements.some((m) => m.runtime === r && m.variant === variant && m.storage?.directIo === false);
        if (role !== "baseline" && values.length > 0 && direct(runtime) !== direct(options.baseline)) {
          summary.notComparable = `direct I/O reached the storage on ${direct(runtime) ? runtime : options.baseline} only: the other side's numbers include caches`;
        } else if (role !== "baseline" && values.length > 0) {
          const [from, to] = role === "reference" ? [values, baseValues] : [baseValues, values];
          summary.comparison = compare(from, to, { direction, thresholdPercent: options.thresholdPercent });
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
