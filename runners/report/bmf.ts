import type { MetricSummary } from "../stats/summarize.ts";

/** One measure of one benchmark in Bencher Metric Format. */
export interface BmfMetric {
  /** The figure itself, e.g. the mean `2104.3` (events/s) or a Δ of `-1.36` (%). */
  value: number;
  /** Its interval's lower end, same unit, e.g. `2101.9`. */
  lower_value: number;
  /** Its interval's upper end, same unit, e.g. `2106.8`. */
  upper_value: number;
}

/** Bencher Metric Format: benchmark name → measure slug → value with bounds. */
export type Bmf = Record<string, Record<string, BmfMetric>>;

/** A metric id as Bencher's slug, e.g. `eventsPerSecond` → `events-per-second`. */
export const slug = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

/**
 * A campaign's statistics in Bencher Metric Format, for tracking Parity's numbers in Bencher.
 * One benchmark per guide, metric, storage mode and runtime (`parity/io/randread-4k-iops/block/runc`),
 * with two measures, the very figures the site's tables show:
 * - the metric's slug: the mean with its 95% interval, as `parity show` prints it (not cut at zero);
 * - `delta-percent`: the Δ against the baseline with the 90% interval that decides the verdict
 *   (for the host reference, runc against the host, as on the site).
 */
export function toBmf(guides: ReadonlyArray<{ guideId: string; summaries: readonly MetricSummary[] }>): Bmf {
  const out: Bmf = {};
  for (const { guideId, summaries } of guides) {
    for (const s of summaries) {
      for (const r of s.runtimes) {
        if (r.notRunnable || r.values.length === 0) continue;
        const name = ["parity", guideId, slug(s.metric), s.variant, r.runtime].filter(Boolean).join("/");
        const ci = r.stats.ci95;
        const measures: Record<string, BmfMetric> = {
          [slug(s.metric)]: {
            value: r.stats.mean,
            lower_value: Number.isFinite(ci.low) ? ci.low : r.stats.mean,
            upper_value: Number.isFinite(ci.high) ? ci.high : r.stats.mean,
          },
        };
        // A comparison with no finite Δ (too few runs) has no number to export: no null in the file.
        if (
          r.comparison &&
          [r.comparison.deltaPercent, ...Object.values(r.comparison.tostIntervalPercent)].every(Number.isFinite)
        ) {
          const c = r.comparison;
          measures["delta-percent"] = {
            value: c.deltaPercent,
            lower_value: c.tostIntervalPercent.low,
            upper_value: c.tostIntervalPercent.high,
          };
        }
        out[name] = measures;
      }
    }
  }
  return out;
}
