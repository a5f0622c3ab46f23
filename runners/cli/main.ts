import { defineCommand, runMain } from "citty";
import { checkCommand } from "./commands/check.ts";
import { clusterCommand } from "./commands/cluster.ts";
import { compareCommand } from "./commands/compare.ts";
import { exportCommand } from "./commands/export.ts";
import { historicalCommand } from "./commands/historical.ts";
import { importCommand } from "./commands/import.ts";
import { containerfileCommand, doctorCommand, manifestsCommand, rbacCommand } from "./commands/kubernetes.ts";
import { releaseCommand } from "./commands/release.ts";
import { runCommand } from "./commands/run.ts";
import { schemaCommand } from "./commands/schema.ts";
import { showCommand } from "./commands/show.ts";

/** Every subcommand of `parity`: its options are defined here once, and the CLI reference page is held to them. */
export const COMMANDS = {
  run: runCommand,
  import: importCommand,
  compare: compareCommand,
  check: checkCommand,
  show: showCommand,
  export: exportCommand,
  schema: schemaCommand,
  historical: historicalCommand,
  release: releaseCommand,
  manifests: manifestsCommand,
  containerfile: containerfileCommand,
  rbac: rbacCommand,
  doctor: doctorCommand,
  cluster: clusterCommand,
};

const root = defineCommand({
  meta: {
    name: "parity",
    description:
      "What does a sandboxed runtime cost compared with runc? Run the benchmark guides and publish their numbers.",
  },
  subCommands: COMMANDS,
});

/** Runs the `parity` command line with the given arguments. */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`parity check | head`) closes the pipe: that ends the output, not in an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
  });
  await runMain(root, { rawArgs: argv });
}
