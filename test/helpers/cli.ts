import { fileURLToPath } from "node:url";
import { execa } from "execa";

const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));

/** Runs the real `parity` command and returns its exit code and both streams. */
export async function parity(args: string[]) {
  const result = await execa("node", [bin, ...args], { reject: false, env: { NO_COLOR: "1" } });
  return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
