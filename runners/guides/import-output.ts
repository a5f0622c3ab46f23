import { ParseError } from "../core/errors.ts";
import { PROBE_BEGIN, splitProbe } from "../core/probe.ts";
import type { ImportedMeasurement } from "../schemas/imported.ts";
import { isRawLog, rawLogStdout } from "../store/raw-log.ts";
import type { GuideDefinition } from "./define-guide.ts";

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
      const metrics = step.parse(body, { params: guide.parameters.parse({}) as Record<string, unknown> });
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
