import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import type * as z from "zod";
import { ParityError } from "../core/errors.ts";
import { friendlyParse } from "../core/friendly-parse.ts";

/**
 * Reads a YAML (or JSON) file a user may edit and validates it, naming the file, the line or the
 * field on errors: `what` names the file ("the runtime profiles"), `option` how to pass another
 * ("--profiles FILE") and `schema` where its JSON Schema is.
 */
export async function readYamlFile<S extends z.ZodType>(
  path: string,
  schema: S,
  described: { what: string; option: string; schemaFile: string },
): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ParityError(
      "INVALID_INPUT",
      { what: `Cannot read ${described.what} ${path}`, next: `pass ${described.option}` },
      { cause: error },
    );
  }
  return parseYamlText(text, path, schema, described);
}

/** Parses and validates YAML (or JSON) text read from `source`, with readYamlFile's errors. */
export function parseYamlText<S extends z.ZodType>(
  text: string,
  source: string,
  schema: S,
  described: { what: string; schemaFile: string },
): z.output<S> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ParityError(
      "INVALID_DATA",
      { what: `${source} is not valid YAML`, next: "fix the line the YAML parser names" },
      { cause: error },
    );
  }
  return friendlyParse(schema, data, source, `fix ${described.what} (its schema is ${described.schemaFile})`);
}
