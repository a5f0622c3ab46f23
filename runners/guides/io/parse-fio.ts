import { ParseError } from "../../core/errors.ts";
import { jsonEnd, jsonTooDeepAt, MAX_JSON_DEPTH } from "../../core/json-bounds.ts";

// biome-ignore lint/suspicious/noExplicitAny: fio's JSON differs by version; each field is checked where it is read
type Obj = Record<string, any>;

/** Percentiles Parity keeps, as fio names them. */
const PERCENTILES: Array<[string, string]> = [
  ["50.000000", "P50"],
  ["99.000000", "P99"],
  ["99.900000", "P999"],
];

/** Finds fio's JSON in an output that may start with notes or a Parity probe block; anything after it is refused. */
function jsonPart(text: string, source: string): Obj {
  const start = text.search(/^\{/m);
  if (start < 0)
    throw new ParseError(`${source}: no fio JSON found`, {
      next: "run fio with --output-format=json (or json+) and keep its whole output",
    });
  const end = jsonEnd(text, start);
  if (end < 0) throw new ParseError(`${source}: fio's JSON never closes; the output is truncated.`);
  const rest = text.slice(end).trim();
  if (rest !== "") {
    throw new ParseError(
      `${source}: fio's JSON is followed by ${rest.length} more characters ` +
        `(${rest.startsWith("{") ? "a second output" : `"${rest.slice(0, 30)}…"`}): give one run's output on its own.`,
    );
  }
  const json = text.slice(start, end);
  if (jsonTooDeepAt(json) >= 0)
    throw new ParseError(`${source}: fio's JSON nests deeper than ${MAX_JSON_DEPTH} levels; fio's own never does`);
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new ParseError(`${source}: fio's JSON is not valid; the output may be truncated`, { cause: error });
  }
}

/** A JSON value as the reader wrote it (JSON.stringify would show Infinity as null). */
const shown = (value: unknown) => (typeof value === "number" ? String(value) : (JSON.stringify(value) ?? "missing"));

/** A number fio measured: present, finite and not negative, or a ParseError naming the field. */
function measured(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new ParseError(`${what} is ${shown(value)}: fio reports a finite, non-negative number.`, {
      next: "give fio's whole, unedited --output-format=json output",
    });
  return value;
}

/**
 * Reads fio 3.x JSON (and json+) into metrics per job and direction, keyed
 * `<job>.iops`, `<job>.bwKiBs`, `<job>.clatMeanUs`, `<job>.clatP50Us`, `<job>.clatP99Us`,
 * `<job>.clatP999Us` (a mixed read/write job gets `<job>.read.*` and `<job>.write.*`).
 * Completion-latency percentiles come from `clat_ns`, or from `lat_ns` when fio was run with
 * lat_percentiles=1 (recorded as `latencyKind`). fio 2.x and non-fio JSON are rejected by name.
 */
export function parseFioOutput(text: string, source = "fio output"): Record<string, number | string> {
  const data = jsonPart(text, source);
  const version = String(data["fio version"] ?? "");
  const m = version.match(/^fio-(\d+)\.(\d+)/);
  if (!m)
    throw new ParseError(`${source}: this JSON has no "fio version": it is not fio's --output-format=json output.`);
  if (Number(m[1]) < 3)
    throw new ParseError(
      `${source}: ${version} is not supported: fio 3.x reports latencies in nanoseconds (clat_ns). Install fio 3.x ` +
        `(Debian: apt-get install fio).`,
    );
  const jobs: Obj[] = Array.isArray(data.jobs) ? data.jobs : [];
  if (jobs.length === 0) throw new ParseError(`${source}: fio reported no jobs.`);
  const metrics: Record<string, number | string> = { toolVersion: version.replace(/^fio-/, "") };
  let kind: "clat" | "lat" | undefined;
  const seen = new Set<string>();
  for (const job of jobs) {
    const name = String(job.jobname ?? "");
    if (!name) throw new ParseError(`${source}: a job has no jobname.`);
    // Two jobs of one name would leave the second's numbers in place of the first's, unseen.
    if (seen.has(name))
      throw new ParseError(`${source}: job ${name} appears twice; fio names each job once.`, {
        next: "give fio's whole, unedited output, or name each job of your job file apart",
      });
    seen.add(name);
    if (job.error)
      throw new ParseError(`${source}: job ${name} reported error ${job.error}; see fio's messages in the raw log.`);
    const directions = (["read", "write"] as const).filter((d) => Number(job[d]?.io_bytes ?? 0) > 0);
    if (directions.length === 0)
      throw new ParseError(`${source}: job ${name} moved no data (io_bytes 0 for read and write).`);
    for (const d of directions) {
      const stats: Obj = job[d];
      const prefix = directions.length > 1 ? `${name}.${d}` : name;
      metrics[`${prefix}.iops`] = measured(stats.iops, `${source}: job ${name} (${d}) "iops"`);
      metrics[`${prefix}.bwKiBs`] = measured(stats.bw, `${source}: job ${name} (${d}) "bw"`);
      const clat: Obj | undefined = stats.clat_ns;
      if (!clat || typeof clat.mean !== "number")
        throw new ParseError(`${source}: job ${name} (${d}) has no clat_ns; is this fio 3.x JSON?`);
      // With gtod_reduce (or disable_clat) fio measures no latency and prints zeros: absent, not 0 µs.
      if (Number(clat.N ?? 1) === 0 && !stats.lat_ns?.N) continue;
      metrics[`${prefix}.clatMeanUs`] = measured(clat.mean, `${source}: job ${name} (${d}) "clat_ns.mean"`) / 1000;
      const withPercentiles = clat.percentile ? clat : stats.lat_ns?.percentile ? stats.lat_ns : undefined;
      if (withPercentiles) {
        kind ??= withPercentiles === clat ? "clat" : "lat";
        for (const [key, label] of PERCENTILES) {
          const value = withPercentiles.percentile[key];
          if (value !== undefined)
            metrics[`${prefix}.clat${label}Us`] =
              measured(value, `${source}: job ${name} (${d}) percentile ${key}`) / 1000;
        }
      }
    }
  }
  if (kind) metrics.latencyKind = kind;
  return metrics;
}

/**
 * The storage path a fio output used, from the file fio opened (`"filename"` in its JSON, as the
 * guide's command passes it): a device under /dev is the raw block path, anything else a file
 * system. An output that names no file reads as the file-system path, fio's default.
 */
export function fioStorageMode(text: string): "block" | "filesystem" {
  const file = /"filename"\s*:\s*"([^"]*)"/.exec(text)?.[1] ?? /--filename=(\S+)/.exec(text)?.[1];
  return file?.startsWith("/dev/") ? "block" : "filesystem";
}
