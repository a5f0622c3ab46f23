import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ParityError } from "../../core/errors.ts";
import { friendlyParse } from "../../core/friendly-parse.ts";
import { type RuntimeProfiles, RuntimeProfilesSchema } from "../../schemas/runtime-profile.ts";

/** The runtime profiles shipped with Parity: runc, edera, kata, gvisor. */
export const DEFAULT_PROFILES = fileURLToPath(new URL("./runtimes.yaml", import.meta.url));

/** Reads and validates a runtime profiles file (YAML or JSON), naming the file and field on errors. */
export async function loadProfiles(path = DEFAULT_PROFILES): Promise<RuntimeProfiles> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ParityError(
      "INVALID_INPUT",
      { what: `Cannot read the runtime profiles ${path}`, next: "pass --profiles FILE" },
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
    RuntimeProfilesSchema,
    data,
    path,
    "fix the runtime profiles file (its schema is data/schema/runtime-profiles.schema.json)",
  );
}
