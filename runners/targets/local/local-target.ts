import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { ExecResult } from "../../contracts/exec-result.ts";
import type { RunnerView, RuntimeInfo } from "../../contracts/runtime-info.ts";
import { epochMs } from "../../core/epoch-ms.ts";
import { interrupted, ParityError } from "../../core/errors.ts";
import { QUIET_WAIT_MAX_MS, QUIET_WINDOW_MS, UNQUIET_STREAK } from "../../core/machine-state.ts";
import { PEER_VARIABLE } from "../../core/probe.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../../guides/define-guide.ts";
import type { HostFacts } from "../../schemas/campaign.ts";
import type { ExecOptions, Target } from "../target.ts";
import { moveControllersOffCgroup2 } from "./cgroup-hybrid.ts";
import { checkSettingsStart, readRunscLogs, runscGlobalArgs } from "./gvisor.ts";
import { type GvisorSettings, gvisorRuntimes } from "./gvisor-settings.ts";
import { allowedCpus, localHostFacts, localRunnerView, memlockLimit } from "./host-facts.ts";
import { unmountUnder } from "./mounts.ts";
import {
  createPair,
  LOCAL_NETWORK_PATH,
  type NamespacePair,
  PEER_ADDRESS,
  type RunningPeer,
  reapNamespaces,
  removeOwnNamespaces,
  removePair,
  startPeer,
} from "./network-namespaces.ts";
import { type OciRuntime, RUNSC_STATE, reapOrphans, removeContainer, WORKDIR_PREFIX } from "./oci-runtime.ts";
import { realtimeBudget } from "./realtime-budget.ts";
import { cpuList, environmentOf, readLoad, sampleMachine } from "./run-environment.ts";
import { CONTAINER_BLOCK_DEVICE, CONTAINER_DATA_DIR, ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "./runc-config.ts";
import { ensureRunsc } from "./runsc-binary.ts";
import { localRuntimes, OCI_CONTAINER_RUNTIMES } from "./runtimes.ts";
import { createScratch, type LocalScratch, reapScratch, removeScratch } from "./scratch-storage.ts";
import { settle } from "./settle.ts";
import { requireBinary, versionOf } from "./tools.ts";

/**
 * The host runtime's command: pinned to the CPU set, and with a peer, inside the workload's network namespace and a
 * UTS namespace of its own named `parity` as in a container (iperf3 prints the machine's name in its output).
 */
function hostCommand(cpuset: string, argv: readonly string[], pair?: NamespacePair): [string, string[]] {
  const pinned = ["taskset", "-c", cpuset, ...argv];
  if (!pair) return [pinned[0]!, pinned.slice(1)];
  return [
    "ip",
    ["netns", "exec", pair.workload, "unshare", "--uts", "sh", "-c", 'hostname parity && exec "$@"', "sh", ...pinned],
  ];
}

/** Output kept in memory per command; sysbench prints a few KiB. */
const MAX_BUFFER = 64 * 1024 * 1024;

/** Options of the local target. */
export interface LocalTargetOptions {
  /** CPUs every runtime is pinned to (default: the runner's own). */
  cpuset?: string;
  /** Names the containers, e.g. the campaign id: `parity-<label>-<pid>-<n>`. */
  label: string;
  /** The `gvisor` runtime's platform instead of its settings' (systrap), e.g. `ptrace`. */
  gvisorPlatform?: string;
  /** Where progress lines go (building gVisor once). */
  log?: (line: string) => void;
}

/**
 * This machine: runtime `host` runs the workload as a plain process, `runc` and `crun` in a real
 * OCI container, `gvisor` and its setting runtimes the very same bundle in a gVisor sandbox (the runsc
 * Parity builds). All are pinned to the same CPU set.
 */
export class LocalTarget implements Target {
  readonly followsReadiness = false;
  readonly kind = "local" as const;
  readonly description =
    "this machine: bare host process, OCI containers (runc, crun) and gVisor sandboxes (runsc) of one bundle";
  #cpuset = "";
  #workdir: string | undefined;
  /** The real-time budget a realtime container gets, read once from the cgroup hierarchy. */
  #rtBudget: { rtRuntimeUs?: number } = {};
  #memlockBytes: number | undefined;
  /** Live containers and the OCI runtime that started each. */
  #containers = new Map<string, OciRuntime>();
  /** Settings of each gVisor runtime this campaign runs, as recorded. */
  #gvisor = new Map<string, GvisorSettings>();
  /** The runsc Parity built, when a gVisor runtime runs. */
  #runsc: string | undefined;
  /** What crun needed of this machine, when anything (cgroup controllers moved), as recorded. */
  #crun: Record<string, string> | undefined;
  /** Linux container runtimes this campaign runs (runc, crun). */
  #ociRuntimes: string[] = [];
  #sequence = 0;
  /** Quiet waits in a row that gave up: from UNQUIET_STREAK on, runs look one window only. */
  #unquiet = 0;
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
    // The calibration before every measured run (settle.ts) is sysbench's, whatever the guides.
    await requireBinary("sysbench", "sysbench");
    for (const tool of tools) await requireBinary(tool.binary, tool.debianPackage);
    this.#cpuset = this.options.cpuset ?? (await allowedCpus());
    if (process.getuid?.() === 0) await reapNamespaces();
    const containers = runtimes.filter((r) => localRuntimes.get(r).isolation !== "none");
    if (containers.length === 0) return;
    if (process.getuid?.() !== 0) {
      throw new ParityError("TOOL_MISSING", {
        what: `The ${containers.join(" and ")} runtime needs root to create containers here`,
        next: "run as root (sudo), or use --runtimes host",
      });
    }
    this.#ociRuntimes = OCI_CONTAINER_RUNTIMES.filter((r) => runtimes.includes(r));
    for (const binary of this.#ociRuntimes) await requireBinary(binary, binary);
    const gvisors = gvisorRuntimes.filter((v) => runtimes.includes(v.name));
    if (gvisors.length > 0) this.#runsc = await ensureRunsc((line) => this.options.log?.(line));
    await reapOrphans(this.#runsc);
    await reapScratch();
    this.#workdir = await mkdtemp(join(tmpdir(), WORKDIR_PREFIX));
    if (this.#ociRuntimes.includes("crun")) {
      const moved = await moveControllersOffCgroup2(this.#workdir);
      if (moved.length > 0) this.#crun = { cgroups: `v1 (${moved.join(", ")} moved off the hybrid cgroup2 mount)` };
    }
    for (const v of gvisors) {
      // --gvisor-platform moves production's gvisor to another platform, recorded as such.
      const platform = v.name === "gvisor" ? (this.options.gvisorPlatform ?? v.settings.platform) : v.settings.platform;
      const settings = { ...v.settings, platform };
      await checkSettingsStart(this.#runsc!, v.name, settings, join(this.#workdir, RUNSC_STATE));
      this.#gvisor.set(v.name, settings);
    }
    this.#rtBudget = await realtimeBudget();
    this.#memlockBytes = await memlockLimit();
    const rootfs = join(this.#workdir, "rootfs");
    for (const dir of ROOTFS_DIRS) await mkdir(join(rootfs, dir), { recursive: true });
    for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(rootfs, link));
    // runc gives a tmpfs the mode of the folder it covers, whatever its `mode=` option: /tmp must be writable by all.
    await chmod(join(rootfs, "tmp"), 0o1777);
  }

  /**
   * The command line of a container runtime: runc and crun as they are, runsc with its state and
   * logs in the work folder and the runtime's settings.
   */
  #oci(runtime: string): OciRuntime {
    const settings = this.#gvisor.get(runtime);
    if (!settings) return { binary: runtime, sandbox: false, globalArgs: () => [] };
    const stateRoot = join(this.#workdir!, RUNSC_STATE);
    return {
      binary: this.#runsc!,
      sandbox: true,
      globalArgs: (logDir) => runscGlobalArgs(stateRoot, logDir, settings),
    };
  }

  async hostFacts(tools: readonly ToolRequirement[]): Promise<HostFacts[]> {
    const facts = await localHostFacts(tools, this.#cpuset, this.#ociRuntimes);
    const settings = { ...Object.fromEntries(this.#gvisor), ...(this.#crun ? { crun: this.#crun } : {}) };
    const runsc = this.#runsc ? (await versionOf([this.#runsc, "--version"])).replace(/^runsc version\s*/, "") : "";
    return [
      {
        ...facts,
        runtimeVersions: { ...facts.runtimeVersions, ...(this.#gvisor.size > 0 ? { runsc } : {}) },
        ...(Object.keys(settings).length > 0 ? { runtimeSettings: settings } : {}),
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
    const settled = options.measured
      ? await settle(
          this.#cpuset,
          cpus,
          this.#unquiet >= UNQUIET_STREAK ? QUIET_WINDOW_MS : QUIET_WAIT_MAX_MS,
          options.signal,
        )
      : undefined;
    if (settled) this.#unquiet = settled.quietAtStart ? 0 : this.#unquiet + 1;
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
    const pair = options.peer ? await this.#networkFor(options.peer.argv.join(" ")) : undefined;
    let peer: RunningPeer | undefined;
    let peerOutput: string | undefined;
    const common = {
      reject: false,
      maxBuffer: MAX_BUFFER,
      stripFinalNewline: false,
      cancelSignal: options.signal,
      forceKillAfterDelay: 3000,
      ...(pair ? { env: { [PEER_VARIABLE]: PEER_ADDRESS } } : {}),
    } as const;
    let result: Awaited<ReturnType<typeof execa<typeof common>>>;
    try {
      if (pair) peer = await startPeer(pair, options.peer!.argv, options.peer!.ports, this.#cpuset);
      if (info.id === "host") {
        requestedAt = now();
        result = await execa(...hostCommand(this.#cpuset, argv, pair), common);
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
          ...(pair ? { networkNamespace: pair.workloadPath, env: [`${PEER_VARIABLE}=${PEER_ADDRESS}`] } : {}),
        });
        await writeFile(join(bundle, "config.json"), JSON.stringify(config));
        const oci = this.#oci(runtime);
        this.#containers.set(id, oci);
        try {
          requestedAt = now();
          result = await execa(oci.binary, [...oci.globalArgs(logDir), "run", "--bundle", bundle, id], common);
          exitedAt = now();
          if (oci.sandbox && result.exitCode !== 0) runtimeLog = await readRunscLogs(logDir);
        } finally {
          await this.#removeContainer(id);
          await rm(bundle, { recursive: true, force: true });
          await rm(logDir, { recursive: true, force: true });
        }
      }
    } finally {
      peerOutput = await peer?.stop();
      if (pair) await removePair(pair);
    }
    const finishedAt = new Date();
    const environment = { ...environmentOf(before, await sampleMachine(cpus), load), ...settled };
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
      ...(pair ? { peer: { path: LOCAL_NETWORK_PATH, output: peerOutput ?? "" } } : {}),
    };
  }

  /** A fresh pair of network namespaces for one run with a peer, root only. */
  async #networkFor(peer: string): Promise<NamespacePair> {
    if (process.getuid?.() !== 0)
      throw new ParityError("TOOL_MISSING", {
        what: `A run with a peer (\`${peer}\`) needs root to make its network namespaces here`,
        next: "run as root (sudo), or leave the network guide out",
      });
    return createPair(++this.#sequence);
  }

  async #removeContainer(id: string): Promise<void> {
    const oci = this.#containers.get(id);
    if (oci) await removeContainer(oci, join(this.#workdir!, "logs", id), id);
    this.#containers.delete(id);
  }

  async cleanup(): Promise<void> {
    for (const id of [...this.#containers.keys()]) await this.#removeContainer(id);
    for (const scratch of this.#scratch.values()) await removeScratch(scratch);
    if (process.getuid?.() === 0) await removeOwnNamespaces();
    this.#scratch.clear();
    if (this.#workdir) {
      await unmountUnder(this.#workdir);
      await rm(this.#workdir, { recursive: true, force: true });
    }
    this.#workdir = undefined;
  }
}
