import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { ParityError } from "../core/errors.ts";
import { friendlyParse } from "../core/friendly-parse.ts";
import { type ReleaseConfig, ReleaseConfigSchema } from "../schemas/release-config.ts";

/** Reads and validates a release's configuration (YAML), naming the file and field on errors. */
export async function loadReleaseConfig(path: string): Promise<ReleaseConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ParityError(
      "INVALID_INPUT",
      { what: `Cannot read the release configuration ${path}`, next: "pass --config FILE (see release.yaml)" },
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ParityError(
      "INVALID_DATA",
      { what: `${path} is not valid YAML`, next: "fix the line the YAML parser names" },
      { cause: error },
    );
  }
  return friendlyParse(
    ReleaseConfigSchema,
    data,
    path,
    "fix the release configuration (its schema is data/schema/release-config.schema.json)",
  );
}
