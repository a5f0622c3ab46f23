import { execa } from "execa";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { epochMs } from "../../core/epoch-ms.ts";
import { ParityError } from "../../core/errors.ts";
import type { RunnerView } from "../../core/placement.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../../guides/define-guide.ts";
import type { HostFacts } from "../../schemas/campaign.ts";
import type { ExecOptions, ExecResult, RuntimeInfo, Target } from "../target.ts";
import { allowedCpus, localHostFacts, localRunnerView } from "./host-facts.ts";
import { CONTAINER_BLOCK_DEVICE, CONTAINER_DATA_DIR, ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "./runc-config.ts";
import { createScratch, removeScratch, type LocalScratch } from "./scratch-storage.ts";
import { localRuntimes } from "./runtimes.ts";
import { realtimeBudget } from "./realtime-budget.ts";
import { requireBinary } from "./tools.ts";

/** Container ids are `parity-<campaign>-<pid>-<n>`: the pid tells whether their runner is alive. */
const CONTAINER_ID = /^parity-.+-([0-9]+)-[0-9]+$/;

/** Removes Parity containers whose runner process is gone (killed before it could clean up). */
async function reapOrphans(): Promise<void> {
  const listed = await execa("runc", ["list", "--quiet"], { reject: false });
  for (const id of String(listed.stdout).split("\n")) {
    const pid = Number(id.match(CONTAINER_ID)?.[1]);
    if (!pid || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) {
      await execa("runc", ["kill", id, "KILL"], { reject: false });
      await execa("runc", ["delete", "--force", id], { reject: false });
    }
  }
}

/** Output kept in memory per command; sysbench prints a few KiB. */
const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * This machine: runtime `host` runs the workload as a plain process, runtime `runc` in a
 * real OCI container. Both are pinned to the same CPU set.
 */
export class LocalTarget implements Target {
  readonly kind = "local" as const;
  readonly description = "this machine: bare host process vs runc OCI container";
  #cpuset = "";
  #workdir: string | undefined;
  /** The real-time budget a realtime container gets, read once from the cgroup hierarchy. */
  #rtBudget: { rtRuntimeUs?: number } = {};
  #containers = new Set<string>();
  #sequence = 0;
  /** Scratch storage by the workload path handed out, so exec can attach it. */
  #scratch = new Map<string, LocalScratch>();

  /** `label` names the containers, e.g. the campaign id: `parity-<label>-<pid>-<n>`. */
  constructor(private readonly options: { cpuset?: string; label: string }) {}

  runtimes(): RuntimeInfo[] {
    return localRuntimes.all();
  }

  get cpuset(): string {
    return this.#cpuset;
  }

  async prepare(tools: readonly ToolRequirement[], runtimes: readonly string[]): Promise<void> {
    for (const runtime of runtimes) localRuntimes.get(runtime);
    await requireBinary("taskset", "util-linux");
    for (const tool of tools) await requireBinary(tool.binary, tool.debianPackage);
    this.#cpuset = this.options.cpuset ?? (await allowedCpus());
    if (runtimes.includes("runc")) {
      await requireBinary("runc", "runc");
      await reapOrphans();
      if (process.getuid?.() !== 0) {
        throw new ParityError("TOOL_MISSING", "The runc runtime needs root to create containers here. Run as root (sudo), or use --runtimes host.");
      }
      this.#workdir = await mkdtemp(join(tmpdir(), "parity-runc-"));
      this.#rtBudget = await realtimeBudget();
      const rootfs = join(this.#workdir, "rootfs");
      for (const dir of ROOTFS_DIRS) await mkdir(join(rootfs, dir), { recursive: true });
      for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(rootfs, link));
    }
  }

  async hostFacts(tools: readonly ToolRequirement[]): Promise<HostFacts[]> {
    return [await localHostFacts(tools, this.#cpuset, this.#workdir !== undefined)];
  }

  storageModes(): StorageMode[] {
    return ["filesystem", "block"];
  }

  async prepareStorage(runtime: string, mode: StorageMode, sizeMiB: number): Promise<StorageTarget> {
    const scratch = await createScratch(mode, sizeMiB);
    // Inside the container the same storage appears at fixed paths.
    const path = runtime === "runc" ? (mode === "block" ? CONTAINER_BLOCK_DEVICE : `${CONTAINER_DATA_DIR}/fio.dat`) : scratch.hostPath;
    this.#scratch.set(`${runtime}:${path}`, scratch);
    return { mode, path };
  }

  async runnerView(): Promise<RunnerView> {
    return localRunnerView();
  }

  async exec(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const info = localRuntimes.get(runtime);
    const startedAt = new Date();
    const started = performance.now();
    // Marks comparable with the workload's own `date +%s%N` on this machine, read right before
    // the runtime is asked to start the workload.
    const now = epochMs;
    let requestedAt: number;
    let exitedAt: number;
    const common = { reject: false, maxBuffer: MAX_BUFFER, stripFinalNewline: false, cancelSignal: options.signal, forceKillAfterDelay: 3000 } as const;
    let result;
    if (info.id === "host") {
      requestedAt = now();
      result = await execa("taskset", ["-c", this.#cpuset, ...argv], common);
      exitedAt = now();
    } else {
      const id = `parity-${this.options.label}-${process.pid}-${++this.#sequence}`;
      const bundle = join(this.#workdir!, id);
      await mkdir(bundle);
      const scratch = options.storage ? this.#scratch.get(`runc:${options.storage.path}`) : undefined;
      const config = runcConfig({
        rootfs: join(this.#workdir!, "rootfs"), args: argv, cpus: this.#cpuset, hostname: "parity", containerId: id,
        ...(scratch?.mode === "filesystem" ? { dataDir: scratch.dir } : {}),
        ...(scratch?.mode === "block" ? { blockDevice: { major: scratch.major!, minor: scratch.minor! } } : {}),
        ...(options.realtime ? { realtime: this.#rtBudget } : {}),
      });
      await writeFile(join(bundle, "config.json"), JSON.stringify(config));
      this.#containers.add(id);
      try {
        requestedAt = now();
        result = await execa("runc", ["run", "--bundle", bundle, id], common);
        exitedAt = now();
      } finally {
        await this.#removeContainer(id);
        await rm(bundle, { recursive: true, force: true });
      }
    }
    const finishedAt = new Date();
    if (result.isCanceled || options.signal?.aborted) {
      throw new ParityError("INTERRUPTED", `${options.label} was interrupted.`);
    }
    return {
      stdout: String(result.stdout ?? ""),
      stderr: String(result.stderr ?? ""),
      exitCode: result.exitCode ?? (result.signal ? 128 : -1),
      durationMs: performance.now() - started,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      requestedAt,
      exitedAt,
    };
  }

  async #removeContainer(id: string): Promise<void> {
    await execa("runc", ["kill", id, "KILL"], { reject: false });
    await execa("runc", ["delete", "--force", id], { reject: false });
    this.#containers.delete(id);
  }

  async cleanup(): Promise<void> {
    for (const id of [...this.#containers]) await this.#removeContainer(id);
    for (const scratch of this.#scratch.values()) await removeScratch(scratch);
    this.#scratch.clear();
    if (this.#workdir) await rm(this.#workdir, { recursive: true, force: true });
    this.#workdir = undefined;
  }
}
