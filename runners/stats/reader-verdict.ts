// Types only from descriptive.ts: its t distribution must not reach the browser bundle.

import { ParityError } from "../core/errors.ts";
import { MAX_METRIC_VALUE } from "../schemas/measurement.ts";
import type { Interval } from "./descriptive.ts";
import type { MetricDefinition } from "./metric.ts";

/**
 * What a reader's run amounts to against the published runs, in the site's own words:
 * `equivalent` within the published variation, `better`/`worse` beyond it in the metric's
 * direction, `inconclusive` against too few published runs, `not comparable` for another workload.
 */
export type ReaderVerdict = "equivalent" | "better" | "worse" | "inconclusive" | "not comparable";

/** The published runs as a reader's run is judged against them. */
export interface PublishedSide {
  /** Published runs, e.g. `5`. */
  n: number;
  /** Geometric mean (arithmetic if a value is not positive), in the metric's unit, e.g. `2104.3`. */
  mean: number;
  /** Sample standard deviation, in the metric's unit, e.g. `12.1`. */
  sd: number;
  /** Where the geometric mean of k new runs would fall 95% of the time if nothing differed. */
  prediction: Interval;
}

/** Where a reader's own run falls against the published runs of the same guide and runtime. */
export interface ReaderComparison {
  published: PublishedSide;
  reader: { values: number[]; mean: number };
  /** Reader's geometric mean against the published geometric mean, as a percent change, e.g. `-3.2`. */
  deltaPercent: number;
  /**
   * `equivalent`: inside the prediction interval; otherwise `better` or `worse` than the published
   * variation explains.
   */
  verdict: ReaderVerdict;
  /** One sentence for the reader. */
  explanation: string;
}

// Its own two lines rather than descriptive.ts's: the browser panel loads this module, and descriptive.ts brings
// the t distribution with it.
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const geometricMean = (values: readonly number[]) => Math.exp(mean(values.map(Math.log)));

/**
 * Judges a reader's value(s) against the published side (see `publishedSide`). Pure and free of
 * distributions, so that the browser panel loads only this. Direction-aware: for a
 * lower-is-better metric, below is better. Another workload, or fewer than two published runs,
 * gets no verdict.
 */
export function judgeReaderRun(
  published: PublishedSide,
  reader: readonly number[],
  metric: Pick<MetricDefinition, "direction">,
  options: { comparable?: boolean } = {},
): ReaderComparison {
  const k = reader.length;
  // A throughput (higher is better) of 0 is a run that did no work; a count or latency of 0
  // (lower is better) is a legitimate best. Nothing negative, infinite or beyond any machine.
  const least = metric.direction === "higher" ? Number.MIN_VALUE : 0;
  const refused = reader.find((v) => !(Number.isFinite(v) && v >= least && v <= MAX_METRIC_VALUE));
  const floor =
    metric.direction === "higher" ? "above 0 (a throughput of 0 is a run that did nothing)" : "not negative";
  if (k === 0 || refused !== undefined)
    throw new ParityError("INVALID_INPUT", {
      what:
        k === 0
          ? "Your run has no value of this metric to compare"
          : `Your value ${String(refused)} cannot be compared: this metric's values are finite, ${floor} and at ` +
            `most ${MAX_METRIC_VALUE}`,
      next: "give the tool's whole, unedited output of a run that completed",
    });
  const r = reader.every((v) => v > 0) && published.mean > 0 ? geometricMean(reader) : mean(reader);
  const { prediction } = published;
  const deltaPercent = ((r - published.mean) / published.mean) * 100;
  const base = { published, reader: { values: [...reader], mean: r }, deltaPercent };
  if (published.n < 2) {
    return {
      ...base,
      verdict: "inconclusive",
      explanation:
        `The published campaign has ${published.n} run(s) of this runtime: a prediction interval needs at ` +
        `least 2, so there is no verdict.`,
    };
  }
  if (options.comparable === false) {
    return {
      ...base,
      verdict: "not comparable",
      explanation:
        "Your run measured a different workload (see what differs below): a verdict would compare different things.",
    };
  }
  let verdict: ReaderVerdict = "equivalent";
  const outside = Number.isFinite(prediction.low) && (r > prediction.high || r < prediction.low);
  if (outside) verdict = r > prediction.high === (metric.direction !== "lower") ? "better" : "worse";
  const what = k === 1 ? "Your run" : `The geometric mean of your ${k} runs`;
  const explanation =
    verdict === "equivalent"
      ? `${what} is within the published variation: a difference of this size is expected between runs.`
      : `${what} is ${verdict} than the published runs by more than their variation explains: compare its ` +
        `machine and settings with theirs (threads, vCPUs, kernel, tool version) before the runtime.`;
  return { ...base, verdict, explanation };
}
