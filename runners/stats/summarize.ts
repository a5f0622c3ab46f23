import { formatNumber } from "../contracts/format-number.ts";
import { directIoReached } from "../core/direct-io.ts";
import type { GuideResult, NotRunnable } from "../schemas/guide-result.ts";
import { type CompareOptions, type Comparison, compare, type Direction } from "./compare.ts";
import { type Describe, describe, quantile } from "./descriptive.ts";
import { fisherExact } from "./fisher.ts";
import { type Swing, swingingRun } from "./fragility.ts";
import type { MetricSet } from "./metric.ts";
import { acrossRegimes } from "./regime-verdict.ts";
import { separateRegimes } from "./regimes.ts";
import { asDescriptive, descriptiveReason, gateByNoiseFloor, holm } from "./verdict-rules.ts";

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
  /** On a primary metric: a single run without which the verdict would read otherwise (fragility.ts). */
  swing?: Swing;
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
  /** The baseline's A/A comparison (its A/A arm against its main arm), when measured. */
  noiseFloor?: Comparison;
  /** Whether this metric carries the guide's verdict; the others are secondary and Holm-corrected. */
  primary: boolean;
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
export function metricValues(
  result: GuideResult,
  runtime: string,
  metric: string,
  arm: "main" | "aa" = "main",
  variant?: string,
): number[] {
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
  metrics: MetricSet,
  result: GuideResult,
  options: {
    baseline: string;
    runtimes: readonly string[];
    thresholdPercent: number;
    /** Level of each one-sided test: the nominal level of the look the guide stopped at (sequential-plan.ts). */
    alpha?: number;
  },
): MetricSummary[] {
  const alpha = options.alpha ?? 0.05;
  const summaries: MetricSummary[] = [];
  const variants = [...new Set(result.measurements.map((m) => m.variant))];
  for (const variant of variants) {
    for (const [metric, def] of Object.entries(metrics)) {
      if (!def.compare || !def.direction) continue;
      const direction = def.direction;
      const baseValues = metricValues(result, options.baseline, metric, "main", variant);
      if (baseValues.length === 0) continue;
      const runtimes = options.runtimes.map((runtime): RuntimeSummary => {
        const values = metricValues(result, runtime, metric, "main", variant);
        const role =
          runtime === options.baseline ? "baseline" : runtime === REFERENCE_RUNTIME ? "reference" : "candidate";
        const summary: RuntimeSummary = { runtime, role, values, stats: describe(values) };
        const cell = result.notRunnable?.find((c) => c.runtime === runtime && c.variant === variant);
        if (cell) summary.notRunnable = cell;
        const direct = (r: string) =>
          !result.measurements.some(
            (m) => m.runtime === r && m.variant === variant && m.storage && !directIoReached(m.storage),
          );
        const path = (r: string) => networkPath(result, r, variant);
        if (role !== "baseline" && values.length > 0 && direct(runtime) !== direct(options.baseline)) {
          summary.notComparable =
            `direct I/O reached the storage on ${direct(runtime) ? runtime : options.baseline} ` +
            `only: the other side's numbers include caches`;
        } else if (role !== "baseline" && values.length > 0 && path(runtime) !== path(options.baseline)) {
          summary.notComparable =
            `the network path differs: ${options.baseline} ran through ${path(options.baseline) || "none recorded"}, ` +
            `${runtime} through ${path(runtime) || "none recorded"}`;
        } else if (role !== "baseline" && values.length > 0) {
          const [from, to] = role === "reference" ? [values, baseValues] : [baseValues, values];
          summary.comparison = compare(from, to, { direction, thresholdPercent: options.thresholdPercent, alpha });
        }
        return summary;
      });
      const aa = metricValues(result, options.baseline, metric, "aa", variant);
      const entry: MetricSummary = {
        metric,
        label: def.label,
        unit: def.unit,
        direction,
        ...(variant ? { variant } : {}),
        runtimes,
        primary: false,
      };
      if (aa.length > 0)
        entry.noiseFloor = compare(baseValues, aa, { direction, thresholdPercent: options.thresholdPercent, alpha });
      summaries.push(entry);
    }
  }
  return applyVerdictRules(metrics, result, summaries, options.thresholdPercent, alpha);
}

/**
 * The network paths a runtime's runs took to their peer (the target's path and the MTU seen inside), joined: runs
 * through different paths are not one comparison. Empty for guides without a peer.
 */
function networkPath(result: GuideResult, runtime: string, variant: string | undefined): string {
  const paths = result.measurements
    .filter((m) => m.runtime === runtime && m.variant === variant && m.network)
    .map((m) => `${m.network!.path} (MTU ${m.network!.mtu})`);
  return [...new Set(paths)].sort().join("; ");
}

/**
 * Which of these runtimes' runs split into two regimes, said briefly: `{ regimes: "runc:
 * 13198–21913 and 47377–50213" }` in a sentence, or nothing. When only one of the two splits, that is a finding
 * about the runtime, not noise: how often each reached the slow regime, with Fisher's exact test.
 */
function regimesOf(baseline: RuntimeSummary, r: RuntimeSummary, direction: Direction): { regimes?: string } {
  const split = [baseline, r].map((x) => ({ r: x, s: separateRegimes(x.values) })).filter((x) => x.s);
  if (split.length === 0) return {};
  const range = (v: number[]) => `${formatNumber(v[0]!)}–${formatNumber(v.at(-1)!)}`;
  if (split.length === 2) {
    const both = split.map(({ r, s }) => `${r.runtime}: ${range(s!.low)} and ${range(s!.high)}`).join("; ");
    return { regimes: `its runs fall into separate regimes (${both}): a mean across them describes neither` };
  }
  const [{ r: one, s }] = split as [{ r: RuntimeSummary; s: { low: number[]; high: number[] } }];
  const other = one === baseline ? r : baseline;
  const cut = (s.low.at(-1)! + s.high[0]!) / 2;
  const slow = (v: number) => (direction === "higher" ? v < cut : v > cut);
  const [k1, k2] = [one.values.filter(slow).length, other.values.filter(slow).length];
  const p = fisherExact(k1, one.values.length - k1, k2, other.values.length - k2);
  return {
    regimes:
      `only ${one.runtime}'s runs fall into two regimes (${range(s.low)} and ${range(s.high)}): the slow one held ` +
      `${k1} of ${one.values.length} runs of ${one.runtime} and ${k2} of ${other.values.length} of ` +
      `${other.runtime} (Fisher's exact test, two-sided p = ${p.toPrecision(2)}): a difference in how often a ` +
      "runtime reaches the slow regime, not in a mean",
  };
}

/** Runs of `runtime` (main arm, storage mode) whose value of `metric` is only a bound. */
function censoredRuns(result: GuideResult, runtime: string, metric: string, variant: string | undefined): number {
  return result.measurements.filter(
    (m) =>
      m.runtime === runtime &&
      m.arm === "main" &&
      m.variant === variant &&
      String(m.metrics.censored ?? "")
        .split(",")
        .includes(metric),
  ).length;
}

/**
 * The verdicts as the methodology page states them: the first primary metric with
 * data carries the guide's verdict; metrics that cannot be judged are descriptive; a metric
 * whose A/A comparison fails is at its noise floor; secondary verdicts are Holm-corrected per
 * runtime and storage mode.
 */
function applyVerdictRules(
  metrics: MetricSet,
  result: GuideResult,
  summaries: MetricSummary[],
  thresholdPercent: number,
  alpha: number,
): MetricSummary[] {
  for (const variant of new Set(summaries.map((s) => s.variant))) {
    const inMode = summaries.filter((s) => s.variant === variant);
    const primary = inMode.find((s) => metrics[s.metric]!.primary) ?? inMode[0];
    if (primary) primary.primary = true;
    for (const s of inMode) {
      const def = metrics[s.metric]!;
      const baseline = s.runtimes.find((r) => r.role === "baseline")!;
      for (const r of s.runtimes) {
        if (!r.comparison) continue;
        const reason = descriptiveReason({
          ...(def.descriptive ? { declared: def.descriptive } : {}),
          ...(def.quantum !== undefined ? { quantum: def.quantum } : {}),
          censoredRuns:
            censoredRuns(result, r.runtime, s.metric, variant) +
            censoredRuns(result, baseline.runtime, s.metric, variant),
          baselineMedian: quantile(baseline.values, 0.5),
          thresholdPercent,
          unit: s.unit,
        });
        const { regimes } = regimesOf(baseline, r, s.direction);
        const [from, to] = r.role === "reference" ? [r.values, baseline.values] : [baseline.values, r.values];
        const options = { direction: s.direction, thresholdPercent, alpha };
        // Regimes withhold a verdict only when some combination of them could read otherwise.
        const across = !reason && regimes ? acrossRegimes(r.comparison, from, to, options, regimes) : undefined;
        if (across) r.comparison = across;
        else if (reason || regimes) r.comparison = asDescriptive(r.comparison, (reason ?? regimes)!);
      }
    }
    const secondary = inMode.filter((s) => s !== primary);
    for (const runtime of new Set(inMode.flatMap((s) => s.runtimes.map((r) => r.runtime)))) {
      const rows = secondary
        .map((s) => s.runtimes.find((r) => r.runtime === runtime))
        .filter((r): r is RuntimeSummary => r?.comparison !== undefined);
      for (const [i, c] of holm(
        rows.map((r) => r.comparison!),
        alpha,
      ).entries())
        rows[i]!.comparison = c;
    }
    for (const s of inMode)
      for (const r of s.runtimes)
        if (r.comparison) r.comparison = gateByNoiseFloor(r.comparison, s.noiseFloor, thresholdPercent);
    if (primary) markSwings(primary, result, { direction: primary.direction, thresholdPercent, alpha });
  }
  return summaries;
}

/** Each compared runtime of the primary metric whose verdict one run can swing: which run, and what it would read. */
function markSwings(s: MetricSummary, result: GuideResult, options: CompareOptions): void {
  const baseline = s.runtimes.find((r) => r.role === "baseline")!;
  const aaValues = metricValues(result, baseline.runtime, s.metric, "aa", s.variant);
  for (const r of s.runtimes) {
    if (!r.comparison) continue;
    const [from, to] = r.role === "reference" ? [r, baseline] : [baseline, r];
    const aa =
      aaValues.length > 0
        ? { values: aaValues, of: r.role === "reference" ? ("to" as const) : ("from" as const) }
        : undefined;
    const swing = swingingRun({ from, to, ...(aa ? { aa } : {}) }, r.comparison.verdict, options);
    if (swing) r.swing = swing;
  }
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
export function compareModes(
  metrics: MetricSet,
  result: GuideResult,
  runtimes: readonly string[],
  baseMode: string,
  otherMode: string,
  thresholdPercent: number,
): ModeComparison[] {
  const out: ModeComparison[] = [];
  for (const runtime of runtimes) {
    for (const [metric, def] of Object.entries(metrics)) {
      if (!def.compare || !def.direction) continue;
      const base = metricValues(result, runtime, metric, "main", baseMode);
      const other = metricValues(result, runtime, metric, "main", otherMode);
      if (base.length === 0 || other.length === 0) continue;
      out.push({
        runtime,
        metric,
        label: def.label,
        unit: def.unit,
        baseMode,
        otherMode,
        comparison: compare(base, other, { direction: def.direction, thresholdPercent }),
      });
    }
  }
  return out;
}
