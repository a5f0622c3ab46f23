import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { epochMs } from "../../core/epoch-ms.ts";
import { interrupted, ParityError } from "../../core/errors.ts";
import type { RunnerView } from "../../core/placement.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../../guides/define-guide.ts";
import type { HostFacts } from "../../schemas/campaign.ts";
import type { ExecOptions, ExecResult, RuntimeInfo, Target } from "../target.ts";
import { choosePlatform, type GvisorSettings, readRunscLogs, runscGlobalArgs } from "./gvisor.ts";
import { allowedCpus, localHostFacts, localRunnerView, memlockLimit } from "./host-facts.ts";
import { type OciRuntime, RUNSC_STATE, reapOrphans, removeContainer, WORKDIR_PREFIX } from "./oci-runtime.ts";
import { realtimeBudget } from "./realtime-budget.ts";
import { cpuList, environmentOf, readLoad, sampleMachine } from "./run-environment.ts";
import { CONTAINER_BLOCK_DEVICE, CONTAINER_DATA_DIR, ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "./runc-config.ts";
import { localRuntimes } from "./runtimes.ts";
import { createScratch, type LocalScratch, reapScratch, removeScratch } from "./scratch-storage.ts";
import { requireBinary, versionOf } from "./tools.ts";

/** Output kept in memory per command; sysbench prints a few KiB. */
const MAX_BUFFER = 64 * 1024 * 1024;

/** Options of the local target. */
export interface LocalTargetOptions {
  /** CPUs every runtime is pinned to (default: the runner's own). */
  cpuset?: string;
  /** Names the containers, e.g. the campaign id: `parity-<label>-<pid>-<n>`. */
  label: string;
  /** gVisor's platform (default: the best one this runsc can use here). */
  gvisorPlatform?: string;
}

/**
 * This machine: runtime `host` runs the workload as a plain process, runtime `runc` in a
 * real OCI container, runtime `gvisor` the very same bundle in a gVisor sandbox (runsc).
 * All are pinned to the same CPU set.
 */
export class LocalTarget implements Target {
  readonly followsReadiness = false;
  readonly kind = "local" as const;
  readonly description = "this machine: bare host process, runc OCI container and gVisor sandbox (runsc)";
  #cpuset = "";
  #workdir: string | undefined;
  /** The real-time budget a realtime container gets, read once from the cgroup hierarchy. */
  #rtBudget: { rtRuntimeUs?: number } = {};
  #memlockBytes: number | undefined;
  /** Live containers and the OCI runtime that started each. */
  #containers = new Map<string, OciRuntime>();
  #gvisor: GvisorSettings | undefined;
  #withRunc = false;
  #sequence = 0;
  /** Scratch storage by the workload path handed out, so exec can attach it. */
  #scratch = new Map<string, LocalScratch>();

  constructor(private readonly options: LocalTargetOptions) {}

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
    const containers = runtimes.filter((r) => localRuntimes.get(r).isolation !== "none");
    if (containers.length === 0) return;
    if (process.getuid?.() !== 0) {
      throw new ParityError("TOOL_MISSING", {
        what: `The ${containers.join(" and ")} runtime needs root to create containers here`,
        next: "run as root (sudo), or use --runtimes host",
      });
    }
    this.#withRunc = runtimes.includes("runc");
    if (this.#withRunc) await requireBinary("runc", "runc");
    if (runtimes.includes("gvisor")) await requireBinary("runsc", "runsc");
    await reapOrphans();
    await reapScratch();
    this.#workdir = await mkdtemp(join(tmpdir(), WORKDIR_PREFIX));
    if (runtimes.includes("gvisor")) {
      const platform = await choosePlatform(join(this.#workdir, RUNSC_STATE), this.options.gvisorPlatform);
      this.#gvisor = { platform, network: "none", fileAccess: "exclusive", overlay: "none" };
    }
    this.#rtBudget = await realtimeBudget();
    this.#memlockBytes = await memlockLimit();
    const rootfs = join(this.#workdir, "rootfs");
    for (const dir of ROOTFS_DIRS) await mkdir(join(rootfs, dir), { recursive: true });
    for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(rootfs, link));
  }

  /** The command line of a container runtime: runc as it is, runsc with its state and logs in the work folder. */
  #oci(runtime: string): OciRuntime {
    if (runtime === "runc") return { binary: "runc", globalArgs: () => [] };
    const settings = this.#gvisor!;
    const stateRoot = join(this.#workdir!, RUNSC_STATE);
    return { binary: "runsc", globalArgs: (logDir) => runscGlobalArgs(stateRoot, logDir, settings) };
  }

  async hostFacts(tools: readonly ToolRequirement[]): Promise<HostFacts[]> {
    const facts = await localHostFacts(tools, this.#cpuset, this.#withRunc);
    if (!this.#gvisor) return [facts];
    const version = (await versionOf(["runsc", "--version"])).replace(/^runsc version\s*/, "");
    return [
      {
        ...facts,
        runtimeVersions: { ...facts.runtimeVersions, runsc: version },
        runtimeSettings: { gvisor: { ...this.#gvisor } },
      },
    ];
  }

  storageModes(): StorageMode[] {
    return ["filesystem", "block"];
  }

  async prepareStorage(runtime: string, mode: StorageMode, sizeMiB: number): Promise<StorageTarget> {
    const scratch = await createScratch(mode, sizeMiB);
    // Inside the container the same storage appears at fixed paths.
    const path =
      localRuntimes.get(runtime).isolation !== "none"
        ? mode === "block"
          ? CONTAINER_BLOCK_DEVICE
          : `${CONTAINER_DATA_DIR}/fio.dat`
        : scratch.hostPath;
    this.#scratch.set(`${runtime}:${path}`, scratch);
    return { mode, path };
  }

  async runnerView(): Promise<RunnerView> {
    return localRunnerView();
  }

  async exec(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const info = localRuntimes.get(runtime);
    const cpus = cpuList(this.#cpuset);
    const load = await readLoad();
    const before = await sampleMachine(cpus);
    const startedAt = new Date();
    const started = performance.now();
    // Marks comparable with the workload's own `date +%s%N` on this machine, read right before
    // the runtime is asked to start the workload.
    const now = epochMs;
    let requestedAt: number;
    let exitedAt: number;
    let runtimeLog: string | undefined;
    const common = {
      reject: false,
      maxBuffer: MAX_BUFFER,
      stripFinalNewline: false,
      cancelSignal: options.signal,
      forceKillAfterDelay: 3000,
    } as const;
    let result: Awaited<ReturnType<typeof execa<typeof common>>>;
    if (info.id === "host") {
      requestedAt = now();
      result = await execa("taskset", ["-c", this.#cpuset, ...argv], common);
      exitedAt = now();
    } else {
      const id = `parity-${this.options.label}-${process.pid}-${++this.#sequence}`;
      const bundle = join(this.#workdir!, id);
      const logDir = join(this.#workdir!, "logs", id);
      await mkdir(bundle);
      const scratch = options.storage ? this.#scratch.get(`${runtime}:${options.storage.path}`) : undefined;
      const config = runcConfig({
        rootfs: join(this.#workdir!, "rootfs"),
        args: argv,
        cpus: this.#cpuset,
        hostname: "parity",
        containerId: id,
        memlockBytes: this.#memlockBytes!,
        ...(scratch?.mode === "filesystem" ? { dataDir: scratch.dir } : {}),
        ...(scratch?.mode === "block" ? { blockDevice: { major: scratch.major!, minor: scratch.minor! } } : {}),
        ...(options.realtime ? { realtime: this.#rtBudget } : {}),
      });
      await writeFile(join(bundle, "config.json"), JSON.stringify(config));
      const oci = this.#oci(runtime);
      this.#containers.set(id, oci);
      try {
        requestedAt = now();
        result = await execa(oci.binary, [...oci.globalArgs(logDir), "run", "--bundle", bundle, id], common);
        exitedAt = now();
        if (oci.binary === "runsc" && result.exitCode !== 0) runtimeLog = await readRunscLogs(logDir);
      } finally {
        await this.#removeContainer(id);
        await rm(bundle, { recursive: true, force: true });
        await rm(logDir, { recursive: true, force: true });
      }
    }
    const finishedAt = new Date();
    const environment = environmentOf(before, await sampleMachine(cpus), load);
    if (result.isCanceled || options.signal?.aborted) {
      throw interrupted(options.label);
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
      ...(runtimeLog ? { runtimeLog } : {}),
      environment,
    };
  }

  async #removeContainer(id: string): Promise<void> {
    const oci = this.#containers.get(id);
    if (oci) await removeContainer(oci, join(this.#workdir!, "logs", id), id);
    this.#containers.delete(id);
  }

  async cleanup(): Promise<void> {
    for (const id of [...this.#containers.keys()]) await this.#removeContainer(id);
    for (const scratch of this.#scratch.values()) await removeScratch(scratch);
    this.#scratch.clear();
    if (this.#workdir) await rm(this.#workdir, { recursive: true, force: true });
    this.#workdir = undefined;
  }
}
