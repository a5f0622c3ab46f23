import { centre, metricMeanKind } from "../stats/centre.ts";
import type { MetricSummary } from "../stats/summarize.ts";

/** One measure of one benchmark in Bencher Metric Format. */
export interface BmfMetric {
  /** The figure itself: a geometric mean (events/s, say) or a Δ (%). */
  value: number;
  /** Its interval's lower end, same unit. */
  lower_value: number;
  /** Its interval's upper end, same unit. */
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
 * - the metric's slug: the metric's one kind of mean (geometric, unless a run measured zero) with its 95%
 *   interval, as `parity show` prints it (not cut at zero);
 * - `delta-percent`: the Δ against the baseline with the 90% interval that decides the verdict
 *   (for the host reference, runc against the host, as on the site).
 */
export function toBmf(guides: ReadonlyArray<{ guideId: string; summaries: readonly MetricSummary[] }>): Bmf {
  const out: Bmf = {};
  for (const { guideId, summaries } of guides) {
    for (const s of summaries) {
      // One kind of mean per metric, across its storage modes, as its table on the site.
      const kind = metricMeanKind(summaries, s.metric);
      for (const r of s.runtimes) {
        if (r.notRunnable || r.values.length === 0) continue;
        const name = ["parity", guideId, slug(s.metric), s.variant, r.runtime].filter(Boolean).join("/");
        const { value, ci95: ci } = centre(r.stats, kind);
        const measures: Record<string, BmfMetric> = {
          [slug(s.metric)]: {
            value,
            lower_value: Number.isFinite(ci.low) ? ci.low : value,
            upper_value: Number.isFinite(ci.high) ? ci.high : value,
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
