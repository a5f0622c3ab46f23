import { PROBE_BEGIN } from "../contracts/probe-markers.ts";
import { isRawLog, rawLogStdout } from "../contracts/raw-log.ts";
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
 * parser is tried in turn; if none reads it, the first step's error explains why.
 */
export function importOutput(guide: GuideDefinition, text: string, source: string): ImportedMeasurement {
  // A raw log holds the workload's stdout between its header and its stderr: read that part.
  let body = isRawLog(text) ? rawLogStdout(text) : text;
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
        step.parse(body, { params: guide.parameters.parse({}) as Record<string, unknown> }),
        source,
      );
      return {
        schemaVersion: 1,
        guide: guide.id,
        guideVersion: guide.version,
        source,
        metrics,
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
