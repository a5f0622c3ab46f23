import { access, chmod, constants, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";

/** How Parity runs gVisor here; recorded in campaign.json and shown beside every gVisor number. */
export interface GvisorSettings {
  /** How the sandbox intercepts system calls: `ptrace` (no KVM needed, slowest), `systrap`, `kvm`. */
  platform: string;
  /** No network stack inside the sandbox: no guide needs one. */
  network: "none";
  /** The root file system is the sandbox's alone, so gVisor may cache it (runsc's default, stated). */
  fileAccess: "exclusive";
  /** No overlay over the mounts: writes reach the host's files as runc's do. */
  overlay: "none";
}

/** Platforms in the order Parity prefers them: gVisor's production default first, ptrace last. */
const PREFERENCE = ["systrap", "kvm", "ptrace"];

async function kvmUsable(): Promise<boolean> {
  return access("/dev/kvm", constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** The platforms this runsc knows (`runsc help platforms`) that can run on this machine. */
async function usablePlatforms(): Promise<string[]> {
  const listed = await execa("runsc", ["help", "platforms"], { reject: false });
  const known = String(listed.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const kvm = await kvmUsable();
  return known.filter((p) => p !== "kvm" || kvm);
}

/** Whether a trivial sandbox starts on `platform` within a few seconds (KVM may be listed yet hang in a nested VM). */
async function starts(platform: string, stateRoot: string): Promise<boolean> {
  // No cgroups: a check killed at its time limit must leave none behind. `runsc do` writes an OCI
  // config holding its environment into a folder of $TMPDIR: it gets PATH alone, and a $TMPDIR of
  // Parity's own (traversable by the sandbox's user), removed afterwards with all it holds.
  const scratch = await mkdtemp(join(tmpdir(), "parity-runsc-do-"));
  try {
    await chmod(scratch, 0o711);
    const smoke = await execa(
      "runsc",
      [`--root=${stateRoot}`, `--platform=${platform}`, "--network=none", "--ignore-cgroups", "do", "true"],
      {
        reject: false,
        timeout: SMOKE_TIMEOUT_MS,
        forceKillAfterDelay: 1000,
        extendEnv: false,
        env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", TMPDIR: scratch },
      },
    );
    return smoke.exitCode === 0;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** How long a trivial sandbox may take to start in the platform check. */
const SMOKE_TIMEOUT_MS = 4000;

/**
 * The platform to run: the one asked for, or the first of systrap, kvm, ptrace that this runsc
 * offers and that starts a trivial sandbox here. `stateRoot` keeps the check's state in Parity's folder.
 */
export async function choosePlatform(stateRoot: string, requested?: string): Promise<string> {
  const usable = await usablePlatforms();
  if (requested !== undefined) {
    if (!usable.includes(requested)) {
      throw new ParityError("INVALID_INPUT", {
        what:
          `gVisor platform "${requested}" cannot run here: this runsc offers ${usable.join(", ") || "none"}` +
          `${requested === "kvm" ? " (kvm needs a readable and writable /dev/kvm)" : ""}`,
        next: "pick one of those with --gvisor-platform",
      });
    }
    if (!(await starts(requested, stateRoot))) {
      throw new ParityError("TOOL_FAILED", {
        what:
          `gVisor did not start a trivial sandbox on platform "${requested}" within ${SMOKE_TIMEOUT_MS / 1000} s ` +
          `(\`runsc --platform=${requested} do true\`)`,
        next: "pick another with --gvisor-platform (ptrace needs no KVM)",
      });
    }
    return requested;
  }
  for (const platform of PREFERENCE.filter((p) => usable.includes(p))) {
    if (await starts(platform, stateRoot)) return platform;
  }
  throw new ParityError("TOOL_FAILED", {
    what:
      `gVisor started no trivial sandbox on any platform this runsc offers (${usable.join(", ") || "none"}): ` +
      "`runsc --network=none do true` fails",
    next: "check the runsc installation (apt-get install -y runsc) and that Parity runs as root",
  });
}

/** runsc's global flags: state and logs under Parity's own folder, every setting explicit. */
export function runscGlobalArgs(stateRoot: string, logDir: string, settings: GvisorSettings): string[] {
  return [
    `--root=${stateRoot}`,
    `--platform=${settings.platform}`,
    `--network=${settings.network}`,
    `--file-access=${settings.fileAccess}`,
    `--overlay2=${settings.overlay}`,
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
