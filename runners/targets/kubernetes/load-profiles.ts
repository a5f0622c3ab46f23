import { fileURLToPath } from "node:url";
import { type RuntimeProfiles, RuntimeProfilesSchema } from "../../schemas/runtime-profile.ts";
import { parseYamlText, readYamlFile } from "../read-yaml-file.ts";

/** The runtime profiles shipped with Parity: runc, edera, kata, gvisor. */
export const DEFAULT_PROFILES = fileURLToPath(new URL("./runtimes.yaml", import.meta.url));

const described = {
  what: "the runtime profiles file",
  option: "--profiles FILE",
  schemaFile: "data/schema/runtime-profiles.schema.json",
};

/** Reads and validates a runtime profiles file (YAML or JSON), naming the file and field on errors. */
export function loadProfiles(path = DEFAULT_PROFILES): Promise<RuntimeProfiles> {
  return readYamlFile(path, RuntimeProfilesSchema, described);
}

/** Validates runtime profiles already read as text (the site bundles the shipped file), naming `source` on errors. */
export function parseProfiles(text: string, source: string): RuntimeProfiles {
  return parseYamlText(text, source, RuntimeProfilesSchema, described);
}
