import { PROBE_BEGIN } from "../contracts/probe-markers.ts";
import { isRawLog, rawLogHeader, rawLogStdout } from "../contracts/raw-log.ts";
import { ParseError } from "../core/errors.ts";
import { splitProbe } from "../core/probe.ts";
import type { ImportedMeasurement } from "../schemas/imported.ts";
import { MetricValueSchema } from "../schemas/measurement.ts";
import type { GuideDefinition } from "./define-guide.ts";

/** The metrics a parser read, each within its domain, or a ParseError naming the first that is not. */
function checkedMetrics(metrics: Record<string, number | string>, source: string): Record<string, number | string> {
  for (const [name, value] of Object.entries(metrics)) {
    const checked = MetricValueSchema.safeParse(value);
    if (!checked.success)
      throw new ParseError(
        `${source}: ${name} reads as ${String(value)}, which ${checked.error.issues.map((i) => i.message).join(", ")}`,
        { next: "give the tool's whole, unedited output" },
      );
  }
  return metrics;
}

/**
 * Reads a hand-run tool output (or a Parity raw log) with a guide's parsers. Each step's
 * parser is tried in turn; if none reads it, the first step's error explains why. A raw log's
 * header gives the command that ran (the jitter guide reads its duration from it), the runner's
 * clock marks (the startup guide's figures come from them) and, for a guide with storage modes,
 * the path it ran on; a hand-run output's path is read from it.
 */
export function importOutput(guide: GuideDefinition, text: string, source: string): ImportedMeasurement {
  // A raw log holds the workload's stdout between its header and its stderr: read that part.
  const header = isRawLog(text) ? rawLogHeader(text) : undefined;
  let body = header ? rawLogStdout(text) : text;
  const marks = {
    ...(header?.command !== undefined ? { command: header.command } : {}),
    ...(header?.requestedAt !== undefined ? { requestedAt: header.requestedAt } : {}),
    ...(header?.exitedAt !== undefined ? { exitedAt: header.exitedAt } : {}),
  };
  const labelled = guide.storage?.modes.find((m) => header?.label?.includes(`(${m})`));
  const storage = guide.storage ? (labelled ?? guide.storage.modeOf(body)) : undefined;
  let workload: ImportedMeasurement["workload"];
  if (body.includes(PROBE_BEGIN)) {
    const split = splitProbe(body, source);
    body = split.toolOutput;
    workload = split.facts;
  }
  let firstError: unknown;
  for (const step of guide.steps) {
    try {
      const metrics = checkedMetrics(
        step.parse(body, { params: guide.parameters.parse({}) as Record<string, unknown>, ...marks }),
        source,
      );
      return {
        schemaVersion: 1,
        guide: guide.id,
        guideVersion: guide.version,
        source,
        metrics,
        ...(storage ? { storage } : {}),
        ...(workload ? { workload } : {}),
      };
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError instanceof ParseError) {
    throw new ParseError(`${source}: cannot read it as a ${guide.id} output (${guide.title}): ${firstError.what}`, {
      cause: firstError,
      line: firstError.line,
      next: firstError.next,
    });
  }
  throw firstError;
}
