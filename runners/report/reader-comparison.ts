import { ParityError } from "../core/errors.ts";
import type { ImportedMeasurement } from "../schemas/imported.ts";
import { explainDifferences } from "../stats/reader-differences.ts";
import { judgeReaderRun, type PublishedSide, type ReaderComparison } from "../stats/reader-verdict.ts";

// The browser's panel bundles this file: statistics that need a distribution stay out of it (see reader-basis.ts).

/** One runtime's published runs on one path, with the facts a reader's run is checked against. */
export interface BasisRuntime {
  values: number[];
  threads?: number;
  vcpus?: number;
  kernel?: string;
  toolVersion?: string;
  settings: Record<string, number | string>;
  /** True when the runtime cannot run the guide as defined on this path (its cell says why). */
  notRunnable?: boolean;
  /** The prediction for one new run, worked out where the t distribution is at hand (the site's build). */
  oneRun?: PublishedSide;
}

/**
 * What a reader's run is compared with: a campaign's primary metric for one guide, per storage
 * path ("" for a guide without paths) and runtime. Plain data, so that the site embeds it in the
 * page and the browser panel compares exactly as `parity compare` does.
 */
export interface ReaderBasis {
  guide: string;
  campaign: string;
  baseline: string;
  metric: string;
  label: string;
  unit: string;
  direction: "higher" | "lower";
  paths: Record<string, Record<string, BasisRuntime>>;
}

/** A reader's run(s) against one runtime's published runs, on the path the run(s) took. */
export interface ReaderOutcome {
  /** The storage path compared ("" for a guide without paths). */
  path: string;
  runtime: string;
  published: number[];
  mine: number[];
  comparison: ReaderComparison;
  /** What differs between the reader's run(s) and the published ones, each prefixed with its source. */
  notes: string[];
}

/**
 * Compares a reader's measurements with the published runs of `runtime`, on the path their
 * outputs name (a raw log's header, fio's file), or `path` when given. `side` turns the
 * published runs into the prediction the reader's mean of k runs is judged by (the browser takes
 * the site's `oneRun`, so that it needs no t distribution).
 */
export function compareWithBasis(
  basis: ReaderBasis,
  readings: readonly ImportedMeasurement[],
  runtime: string,
  side: (published: BasisRuntime, k: number) => PublishedSide,
  path?: string,
): ReaderOutcome {
  const paths = Object.keys(basis.paths);
  const named = [...new Set(readings.map((r) => r.storage ?? ""))];
  if (path === undefined && named.length > 1)
    throw new ParityError("INVALID_INPUT", {
      what: `Your outputs ran on different storage paths (${named.join(", ")}): one comparison takes one path`,
      next: "compare each path's outputs on their own",
    });
  const chosen = path ?? (paths.includes(named[0]!) ? named[0]! : paths[0]!);
  const onPath = basis.paths[chosen];
  if (!onPath)
    throw new ParityError("INVALID_INPUT", {
      what: `Campaign ${basis.campaign} has no ${basis.guide} results on the ${chosen} path`,
      next: `compare with a path it measured: ${paths.filter(Boolean).join(", ")}`,
    });
  const published = onPath[runtime];
  if (!published)
    throw new ParityError("UNKNOWN_RUNTIME", {
      what: `Campaign ${basis.campaign} has no runtime "${runtime}"`,
      next: `pick one of its runtimes: ${Object.keys(onPath).join(", ")}`,
    });
  const where = `${runtime}${chosen ? ` (${chosen})` : ""}`;
  if (published.values.length < 2)
    throw new ParityError("INVALID_INPUT", {
      what:
        `Campaign ${basis.campaign} has ${published.values.length} run(s) of ${basis.guide} on ${where}` +
        `${published.notRunnable ? " (it cannot run this guide as defined)" : ""}: nothing to compare with`,
      next: `pick another runtime (${Object.keys(onPath).join(", ")})`,
    });
  const mine = readings.map((r) => r.metrics[basis.metric]).filter((v): v is number => typeof v === "number");
  if (mine.length === 0)
    throw new ParityError("INVALID_INPUT", {
      what: `Your output has no ${basis.label} value (${basis.metric}) to compare`,
      next: `give the output of the guide's own command, or a line such as "${basis.metric}: VALUE"`,
    });
  const differences = readings.map((r) => ({ source: r.source, ...explainDifferences(r, published) }));
  const comparison = judgeReaderRun(side(published, mine.length), mine, basis, {
    comparable: differences.every((d) => d.comparable),
  });
  return {
    path: chosen,
    runtime,
    published: published.values,
    mine,
    comparison,
    notes: differences.flatMap((d) => d.notes.map((n) => `${d.source}: ${n}`)),
  };
}
