import { ParseError } from "../core/errors.ts";
import { friendlyParse } from "../core/friendly-parse.ts";
import { jsonTooDeepAt, MAX_JSON_DEPTH } from "../core/json-bounds.ts";
import { type ImportedMeasurement, ImportedMeasurementSchema } from "../schemas/imported.ts";
import type { GuideDefinition } from "./define-guide.ts";
import { importOutput } from "./import-output.ts";

/**
 * Reads what a reader hands Parity: a tool's output, a Parity raw log, or a measurement that
 * `parity import` printed. Pure, so the terminal and the browser read it identically.
 */
export function readOutput(guide: GuideDefinition, text: string, source: string): ImportedMeasurement {
  const trimmed = text.trim();
  // fio's own JSON output is a tool output, not a Parity measurement.
  if (trimmed.startsWith("{") && !/^\{\s*"fio version"/.test(trimmed)) {
    const deep = jsonTooDeepAt(trimmed);
    if (deep >= 0)
      throw new ParseError(`${source}: its JSON nests deeper than ${MAX_JSON_DEPTH} levels (at character ${deep})`, {
        next: "paste the tool's output or the JSON that parity import printed",
      });
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ParseError(`${source}: looks like JSON but is not valid JSON`, {
        cause: error,
        next: "paste the tool's output or the JSON that parity import printed",
      });
    }
    const measurement = friendlyParse(
      ImportedMeasurementSchema,
      data,
      `${source} (a Parity measurement)`,
      "use the JSON that `parity import` prints",
    );
    if (measurement.guide !== guide.id)
      throw new ParseError(`${source}: this measurement belongs to guide ${measurement.guide}, not ${guide.id}.`);
    return measurement;
  }
  if (trimmed === "") throw new ParseError(`${source}: it is empty`);
  try {
    return importOutput(guide, text, source);
  } catch (error) {
    const lone = loneMetric(guide, trimmed, source);
    if (lone) return lone;
    throw error;
  }
}

/**
 * A single line naming one of the guide's metrics (its id or its label) and a value, e.g.
 * `eventsPerSecond: VALUE` or `Round trip, median = VALUE µs`: a figure a reader noted down, read
 * as that metric alone (no tool version, no settings to check it against).
 */
function loneMetric(guide: GuideDefinition, line: string, source: string): ImportedMeasurement | undefined {
  if (line.includes("\n")) return undefined;
  const m = /^(.+?)\s*[:=]\s*([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?:\s*\S+)?$/i.exec(line);
  if (!m) return undefined;
  const name = m[1]!.trim().toLowerCase();
  const metric = Object.entries(guide.metrics).find(
    ([id, def]) => !def.setting && (id.toLowerCase() === name || def.label.toLowerCase() === name),
  )?.[0];
  if (!metric) return undefined;
  const value = Number(m[2]);
  if (!Number.isFinite(value)) return undefined;
  return { schemaVersion: 1, guide: guide.id, guideVersion: guide.version, source, metrics: { [metric]: value } };
}
