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
  return importOutput(guide, text, source);
}
