import { join } from "node:path";
import { buildCache } from "../../toolchain/build-cache.ts";
import { buildGvisor } from "../../toolchain/go-build.ts";

/**
 * The runsc the local target runs: the one `parity cluster up` runs too, built once from the Go
 * module proxy at the version pinned in runners/toolchain/versions.ts and cached (Debian's runsc
 * is a 2022 build that lacks the platform production uses).
 */
export function runscPath(): string {
  return join(buildCache().gvisor.bin, "runsc");
}

/** Builds runsc (with its containerd shim) if this machine has not yet, and returns its path. */
export async function ensureRunsc(log: (line: string) => void): Promise<string> {
  await buildGvisor(buildCache(), log);
  return runscPath();
}
