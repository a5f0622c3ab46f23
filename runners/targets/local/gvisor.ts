import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";
import type { GvisorSettings } from "./gvisor-settings.ts";
import { unmountUnder } from "./mounts.ts";

/** How long a trivial sandbox may take to start in the check (a platform may be listed yet hang, as KVM in a VM). */
const SMOKE_TIMEOUT_MS = 15_000;

/**
 * Whether a trivial sandbox starts with these settings (its root overlay and network aside: `runsc do` runs
 * the host's own root, where an overlay's file must not go). No cgroups: a check killed at its time
 * limit must leave none behind. `runsc do` writes an OCI config holding its environment into a
 * folder of $TMPDIR: it gets PATH alone, and a $TMPDIR of Parity's own (traversable by the
 * sandbox's user), removed afterwards with all it holds.
 */
async function starts(runsc: string, settings: GvisorSettings, stateRoot: string): Promise<boolean> {
  const scratch = await mkdtemp(join(tmpdir(), "parity-runsc-do-"));
  try {
    await chmod(scratch, 0o711);
    // `runsc do` would wire its own network to the machine's; the check is of the platform alone.
    const flags = Object.entries({ ...settings, overlay2: "none", network: "none" }).map(
      ([flag, value]) => `--${flag}=${value}`,
    );
    const smoke = await execa(runsc, [`--root=${stateRoot}`, ...flags, "--ignore-cgroups", "do", "true"], {
      reject: false,
      timeout: SMOKE_TIMEOUT_MS,
      forceKillAfterDelay: 1000,
      extendEnv: false,
      env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", TMPDIR: scratch },
    });
    return smoke.exitCode === 0;
  } finally {
    // A check killed at its time limit leaves runsc's pinned network namespace mounted in the scratch folder.
    await unmountUnder(scratch);
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Refuses a gVisor runtime whose settings start no trivial sandbox here, before anything is written. */
export async function checkSettingsStart(
  runsc: string,
  runtime: string,
  settings: GvisorSettings,
  stateRoot: string,
): Promise<void> {
  if (await starts(runsc, settings, stateRoot)) return;
  throw new ParityError("TOOL_FAILED", {
    what:
      `gVisor runtime ${runtime} (platform ${settings.platform}) did not start a trivial sandbox within ` +
      `${SMOKE_TIMEOUT_MS / 1000} s (\`runsc --platform=${settings.platform} do true\`)`,
    next:
      `pick another platform with --gvisor-platform (gvisor) or leave ${runtime} out of --runtimes; ` +
      `\`${runsc} --platform=${settings.platform} do true\` shows why`,
  });
}

/** runsc's global flags: state and logs under Parity's own folder, then every setting of the runtime, explicit. */
export function runscGlobalArgs(stateRoot: string, logDir: string, settings: GvisorSettings): string[] {
  return [
    `--root=${stateRoot}`,
    ...Object.entries(settings).map(([flag, value]) => `--${flag}=${value}`),
    // A trailing slash makes runsc write one log per command (run, boot, gofer) into the folder.
    `--debug-log=${logDir}/`,
  ];
}

/** runsc's logs of one container, joined with a header per file: kept beside the raw log of a failed run. */
export async function readRunscLogs(logDir: string): Promise<string> {
  const files = (await readdir(logDir).catch(() => [] as string[])).sort();
  const parts: string[] = [];
  for (const file of files)
    parts.push(`### ${file}\n${await readFile(join(logDir, file), "utf8").catch(() => "(unreadable)\n")}`);
  return parts.join("\n");
}
