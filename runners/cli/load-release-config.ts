import { type ReleaseConfig, ReleaseConfigSchema } from "../schemas/release-config.ts";
import { readYamlFile } from "../targets/read-yaml-file.ts";

/** Reads and validates a release's configuration (YAML), naming the file and field on errors. */
export function loadReleaseConfig(path: string): Promise<ReleaseConfig> {
  return readYamlFile(path, ReleaseConfigSchema, {
    what: "the release configuration",
    option: "--config FILE (see release.yaml)",
    schemaFile: "data/schema/release-config.schema.json",
  });
}
