import type { V1Namespace, V1Node, V1PersistentVolumeClaim, V1Pod } from "@kubernetes/client-node";
import { ParityError } from "../../core/errors.ts";
import type { RunnerView } from "../../core/placement.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../../guides/define-guide.ts";
import type { ClockFacts, HostFacts } from "../../schemas/campaign.ts";
import { type RuntimeProfile, type RuntimeProfiles, wholeCpus } from "../../schemas/runtime-profile.ts";
import type { WorkloadFacts } from "../../schemas/workload-facts.ts";
import type { CampaignNeeds, ExecOptions, ExecResult, RuntimeInfo, Target } from "../target.ts";
import { apiClock } from "./api-clock.ts";
import { nodeHasImage } from "./image-check.ts";
import { apiFailure, type KubeClient } from "./kube-client.ts";
import { nodeFacts } from "./node-facts.ts";
import {
  benchmarkPod,
  campaignNamespace,
  keepAliveArgv,
  LABELS,
  POD_BLOCK_DEVICE,
  POD_DATA_DIR,
  podName,
  scratchClaim,
} from "./pod-manifest.ts";
import { startUntilReady, waitUntilGone } from "./pod-startup.ts";
import { imageDigest } from "./pod-status.ts";
import { stuckPodError } from "./stuck-pod.ts";
import { waitForPod } from "./wait-for-pod.ts";

export interface KubernetesTargetOptions {
  kube: KubeClient;
  profiles: RuntimeProfiles;
  campaign: string;
  image: string;
  /** An existing namespace to use; default: a `parity-<campaign>` namespace created and deleted by Parity. */
  namespace?: string;
  /** With `namespace`: another existing namespace for guides that need real-time scheduling (their pods need a privileged profile). */
  realtimeNamespace?: string;
  /** Seconds a pod may take from creation to its end before the run fails (default 900). */
  podTimeoutSeconds?: number;
  /** StorageClass of the I/O guide's claims; default: the cluster's default class. */
  storageClass?: string;
  /** Seconds a startup pod may take from creation to Ready before the run fails (default 120). */
  readyTimeoutSeconds?: number;
}

/**
 * A real cluster: each run is one pod pinned to the node of its runtime, followed with a
 * watch, read through the API and deleted. Everything Parity creates carries its labels.
 */
/** The last `n` non-empty lines of a log. */
function lastLines(log: string, n: number): string {
  return log
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-n)
    .join("\n");
}

export class KubernetesTarget implements Target {
  readonly followsReadiness = true;
  readonly kind = "kubernetes" as const;
  /** What the cluster was, once prepare() has found each runtime's node. */
  get description(): string {
    const uids = [...this.#nodes.values()].map((n) => n.metadata?.uid);
    return uids.length > 1 && uids.every((u) => u !== undefined && u === uids[0])
      ? "a Kubernetes cluster with every runtime on one node (runtime chosen by RuntimeClass)"
      : "a Kubernetes cluster, one node per runtime (runtime chosen by RuntimeClass and annotations)";
  }
  readonly namespace: string;
  #ownNamespace: boolean;
  #nodes = new Map<string, V1Node>();
  #handlers = new Map<string, string | undefined>();
  #pods = new Set<string>();
  #sequence = 0;
  /** Size of each storage handed out, by mode, for the claims of the runs. */
  #storageMiB = new Map<string, number>();
  /** Claims created so far, one per runtime and storage mode, kept from the precondition to the last run. */
  #claims = new Set<string>();
  #clock: ClockFacts | undefined;
  /** Whether the kubelet's metrics are readable through nodes/proxy (the startup SLI view). */
  #sliReadable = false;
  /** How each runtime's node was found to hold the image before startup samples: `node status` or `warm-up pod`. */
  #imageCheck = new Map<string, string>();

  constructor(private readonly options: KubernetesTargetOptions) {
    this.namespace = options.namespace ?? `parity-${options.campaign}`.slice(0, 63);
    this.#ownNamespace = options.namespace === undefined;
  }

  profile(runtime: string): RuntimeProfile {
    const profile = this.options.profiles.runtimes.find((r) => r.name === runtime);
    if (!profile) {
      throw new ParityError(
        "UNKNOWN_RUNTIME",
        `Unknown runtime "${runtime}" for the kubernetes target. Known runtimes: ${this.options.profiles.runtimes.map((r) => r.name).join(", ")} (add one to the profiles file).`,
      );
    }
    return profile;
  }

  runtimes(): RuntimeInfo[] {
    return this.options.profiles.runtimes.map((r) => ({
      id: r.name,
      isolation: r.isolation,
      description: r.description,
      ...(Object.keys(r.lacks).length > 0 ? { lacks: r.lacks } : {}),
      ...(r.kernelLogProof ? { proof: { kernelLog: r.kernelLogProof } } : {}),
    }));
  }

  async prepare(
    _tools: readonly ToolRequirement[],
    runtimes: readonly string[],
    needs: CampaignNeeds = {},
  ): Promise<void> {
    const { kube } = this.options;
    for (const runtime of runtimes) {
      const profile = this.profile(runtime);
      if (profile.runtimeClassName) {
        try {
          const rc = await kube.call(
            `Reading RuntimeClass ${profile.runtimeClassName}`,
            () => kube.nodes.readRuntimeClass({ name: profile.runtimeClassName! }),
            { allow: [404] },
          );
          this.#handlers.set(runtime, rc.handler);
        } catch (error) {
          if (apiFailure(error)?.code === 404) {
            throw new ParityError(
              "POD_FAILED",
              `RuntimeClass "${profile.runtimeClassName}" of runtime "${runtime}" does not exist on this cluster. Install the runtime and its RuntimeClass, or fix runtimeClassName in the profiles file.`,
            );
          }
          throw error;
        }
      }
      this.#nodes.set(runtime, await this.#findNode(profile));
    }
    await this.#ensureNamespace(needs.realtime === true);
    // A few seconds of requests: only where server timestamps are read (startup).
    if (needs.readiness) this.#clock = await apiClock(kube);
    this.#sliReadable = await kube.allowed({ verb: "get", resource: "nodes", subresource: "proxy" });
  }

  clockFacts(): ClockFacts | undefined {
    return this.#clock;
  }

  async #findNode(profile: RuntimeProfile): Promise<V1Node> {
    const { kube } = this.options;
    let nodes: V1Node[];
    if (profile.node.name) {
      const name = profile.node.name;
      try {
        nodes = [await kube.call(`Reading node ${name}`, () => kube.core.readNode({ name }), { allow: [404] })];
      } catch (error) {
        if (apiFailure(error)?.code === 404)
          throw new ParityError(
            "POD_FAILED",
            `Node "${name}" of runtime "${profile.name}" does not exist. Fix node.name in the profiles file.`,
          );
        throw error;
      }
    } else {
      const labelSelector = Object.entries(profile.node.selector!)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      nodes = (await kube.call("Listing nodes", () => kube.core.listNode({ labelSelector }))).items;
      if (nodes.length === 0) {
        throw new ParityError(
          "POD_FAILED",
          `No node matches the selector ${labelSelector} of runtime "${profile.name}". Label the node that runs it: kubectl label node NODE ${labelSelector.split(",")[0]}`,
        );
      }
    }
    const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
    if (ready.length === 0)
      throw new ParityError(
        "POD_FAILED",
        `The node of runtime "${profile.name}" is not Ready. Check it with kubectl describe node.`,
      );
    if (ready.length > 1) {
      throw new ParityError(
        "INVALID_INPUT",
        `${ready.length} Ready nodes match runtime "${profile.name}": Parity compares one node per runtime. Narrow node.selector or give node.name in the profiles file.`,
      );
    }
    return ready[0]!;
  }

  async #ensureNamespace(realtime: boolean): Promise<void> {
    const { kube } = this.options;
    if (!this.#ownNamespace) {
      await kube.call(`Reading namespace ${this.namespace}`, () => kube.core.readNamespace({ name: this.namespace }));
      const rt = this.options.realtimeNamespace;
      if (realtime && rt) await kube.call(`Reading namespace ${rt}`, () => kube.core.readNamespace({ name: rt }));
      return;
    }
    try {
      await kube.call(
        `Creating namespace ${this.namespace}`,
        () =>
          kube.core.createNamespace({
            body: campaignNamespace(this.namespace, this.options.campaign, { realtime }) as V1Namespace,
          }),
        { allow: [409] },
      );
    } catch (error) {
      if (apiFailure(error)?.code !== 409) throw error;
      const existing = await kube.call(`Reading namespace ${this.namespace}`, () =>
        kube.core.readNamespace({ name: this.namespace }),
      );
      if (existing.metadata?.labels?.[LABELS.managedBy] !== "parity") {
        throw new ParityError(
          "INVALID_INPUT",
          `Namespace ${this.namespace} exists and is not Parity's. Pass --namespace to use it on purpose, or choose another campaign id.`,
        );
      }
    }
  }

  privateNames(): string[] {
    return [...this.#nodes.values()]
      .flatMap((node) => [node.metadata?.name, ...(node.status?.addresses ?? []).map((a) => a.address)])
      .filter((n): n is string => Boolean(n));
  }

  async hostFacts(): Promise<HostFacts[]> {
    const uid = (runtime: string) => this.#nodes.get(runtime)?.metadata?.uid;
    return [...this.#nodes].map(([runtime, node]) => {
      const sharing = [...this.#nodes.keys()].filter(
        (other) => other !== runtime && uid(other) !== undefined && uid(other) === uid(runtime),
      );
      return nodeFacts(
        node,
        runtime,
        { name: this.profile(runtime).runtimeClassName, handler: this.#handlers.get(runtime) },
        sharing,
      );
    });
  }

  storageModes(): StorageMode[] {
    return ["filesystem", "block"];
  }

  async prepareStorage(runtime: string, mode: StorageMode, sizeMiB: number): Promise<StorageTarget> {
    this.#storageMiB.set(`${runtime}:${mode}`, sizeMiB);
    return { mode, path: mode === "block" ? POD_BLOCK_DEVICE : `${POD_DATA_DIR}/fio.dat` };
  }

  async runnerView(runtime: string): Promise<RunnerView> {
    return { kernel: this.#nodes.get(runtime)?.status?.nodeInfo?.kernelVersion ?? "unknown" };
  }

  verifyWorkload(runtime: string, facts: WorkloadFacts): void {
    const profile = this.profile(runtime);
    const requested = wholeCpus(profile.resources.cpu);
    if (facts.vcpus < requested) {
      const fix = profile.vcpuAnnotation
        ? `Parity set the annotation ${profile.vcpuAnnotation}="${requested}"; check that the runtime honours it (for Kata, enable_annotations in its configuration)`
        : profile.isolation === "vm"
          ? "a VM runtime usually needs an annotation that sizes the guest: set vcpuAnnotation for this runtime in the profiles file (Edera: dev.edera/cpu)"
          : "check the CPU limits of the node and the runtime";
      throw new ParityError(
        "UNDERSIZED",
        `Runtime "${runtime}" requested ${requested} vCPUs (resources.cpu ${profile.resources.cpu}) but the workload sees ${facts.vcpus}. A guest with fewer vCPUs than requested would look slow for the wrong reason: ${fix}.`,
        { details: { runtime, requested, seen: facts.vcpus } },
      );
    }
  }

  async exec(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    if (options.untilReady) return this.#startupSample(runtime, argv, options);
    const { kube } = this.options;
    const profile = this.profile(runtime);
    const meta = options.meta ?? { guide: "step", run: String(++this.#sequence) };
    const timeoutSeconds = this.options.podTimeoutSeconds ?? 900;
    const name = podName(this.options.campaign, meta.guide, runtime, meta.run);
    const namespace =
      options.realtime && this.options.realtimeNamespace ? this.options.realtimeNamespace : this.namespace;
    // One claim per runtime and storage mode, as the local target keeps one device or file: the
    // precondition writes the volume whole, and every run of that runtime and mode measures it.
    const storage = options.storage
      ? {
          mode: options.storage.mode,
          claimName: podName(this.options.campaign, meta.guide, runtime, options.storage.mode),
        }
      : undefined;
    const manifest = benchmarkPod({
      namespace,
      campaign: this.options.campaign,
      guide: meta.guide,
      runtime,
      run: meta.run,
      argv,
      image: this.options.image,
      profile,
      activeDeadlineSeconds: timeoutSeconds,
      ...(storage ? { storage } : {}),
      ...(options.realtime ? { realtime: true } : {}),
    }) as V1Pod;
    const startedAt = new Date();
    const started = performance.now();
    this.#pods.add(name);
    try {
      if (storage && !this.#claims.has(`${namespace}/${storage.claimName}`)) {
        const claim = scratchClaim({
          namespace,
          name: storage.claimName,
          campaign: this.options.campaign,
          runtime,
          mode: storage.mode,
          sizeMiB: this.#storageMiB.get(`${runtime}:${storage.mode}`) ?? 1024,
          ...(this.options.storageClass ? { storageClass: this.options.storageClass } : {}),
        });
        await kube.call(`Creating claim ${storage.claimName}`, () =>
          kube.core.createNamespacedPersistentVolumeClaim({ namespace, body: claim as V1PersistentVolumeClaim }),
        );
        this.#claims.add(`${namespace}/${storage.claimName}`);
      }
      await kube.call(`Creating pod ${name}`, () => kube.core.createNamespacedPod({ namespace, body: manifest }));
      const { pod, outcome } = await waitForPod(kube, namespace, name, {
        timeoutMs: timeoutSeconds * 1000 + 30_000,
        signal: options.signal,
      });
      if (outcome.state === "stuck") throw stuckPodError(runtime, name, outcome);
      const log = await kube.call(`Reading the log of pod ${name}`, () =>
        kube.core.readNamespacedPodLog({ name, namespace, container: "workload" }),
      );
      const finishedAt = new Date();
      const digest = imageDigest(pod);
      return {
        stdout: typeof log === "string" ? log : String(log),
        // The pod's log holds the tool's stdout and stderr together: its last lines are the tool's own words.
        stderr:
          outcome.state === "failed"
            ? `${lastLines(String(log), 3)}\n(the pod ended ${outcome.reason}${outcome.message ? `: ${outcome.message}` : ""})\n`
            : "",
        exitCode: outcome.state === "failed" ? outcome.exitCode : 0,
        durationMs: performance.now() - started,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        ...(digest ? { imageDigest: digest } : {}),
      };
    } finally {
      await this.#deletePod(name, namespace);
    }
  }

  /**
   * One pod startup sample: the image verified on the node first (or pulled by a warm-up
   * pod), then a pod that becomes Ready at once, followed from creation to Ready, then
   * deleted and waited for, so that samples never overlap.
   */
  async #startupSample(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const { kube } = this.options;
    const profile = this.profile(runtime);
    await this.#ensureImage(runtime, options);
    const meta = options.meta ?? { guide: "startup", run: String(++this.#sequence) };
    const name = podName(this.options.campaign, meta.guide, runtime, meta.run);
    const readyTimeoutMs = (this.options.readyTimeoutSeconds ?? 120) * 1000;
    const manifest = benchmarkPod({
      namespace: this.namespace,
      campaign: this.options.campaign,
      guide: meta.guide,
      runtime,
      run: meta.run,
      argv: keepAliveArgv(argv),
      image: this.options.image,
      profile,
      activeDeadlineSeconds: Math.ceil(readyTimeoutMs / 1000) + 300,
      readiness: true,
    }) as V1Pod;
    const startedAt = new Date();
    const started = performance.now();
    this.#pods.add(name);
    try {
      const node = this.#nodes.get(runtime)!.metadata!.name!;
      const { pod, lifecycle, log } = await startUntilReady({
        kube,
        runtime,
        namespace: this.namespace,
        manifest,
        readyTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(this.#clock ? { clockOffsetMs: this.#clock.offsetMs } : {}),
        ...(this.#sliReadable ? { sliNode: node } : {}),
      });
      if (pod.spec?.nodeName !== node) {
        throw new ParityError(
          "WRONG_PLACE",
          `Pod ${name} of runtime "${runtime}" ran on another node than the runtime's. Check node.name or node.selector in the profiles file.`,
        );
      }
      const digest = imageDigest(pod);
      return {
        stdout: log,
        stderr: "",
        exitCode: 0,
        durationMs: performance.now() - started,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        ...(digest ? { imageDigest: digest } : {}),
        lifecycle: { ...lifecycle, imageCheck: this.#imageCheck.get(runtime)! },
      };
    } finally {
      await this.#deletePod(name);
      await waitUntilGone(kube, this.namespace, name);
    }
  }

  /** Makes sure the runtime's node holds the image before the first startup sample, so samples measure startup, not a pull. */
  async #ensureImage(runtime: string, options: ExecOptions): Promise<void> {
    if (this.#imageCheck.has(runtime)) return;
    const { kube } = this.options;
    const name = this.#nodes.get(runtime)!.metadata!.name!;
    const node = await kube.call(`Reading node ${name}`, () => kube.core.readNode({ name }));
    if (nodeHasImage(node, this.options.image)) {
      this.#imageCheck.set(runtime, "node status");
      return;
    }
    const warmUp = await this.exec(runtime, ["true"], {
      label: `warm-up pod of ${runtime} (pulls the image)`,
      meta: { guide: "warmup", run: "1" },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (warmUp.exitCode !== 0)
      throw new ParityError(
        "POD_FAILED",
        `The warm-up pod of runtime "${runtime}" failed (${warmUp.stderr.trim() || `exit code ${warmUp.exitCode}`}); the image could not be pre-pulled on its node. Check --image and that the node can pull it.`,
      );
    this.#imageCheck.set(runtime, "warm-up pod");
  }

  async #deletePod(name: string, namespace = this.namespace): Promise<void> {
    const { kube } = this.options;
    await kube.remove(`Deleting pod ${name}`, () =>
      kube.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }),
    );
    this.#pods.delete(name);
  }

  /** Deletes every pod of the campaign (by label, so even pods of an earlier crash) and Parity's namespace. */
  async cleanup(): Promise<void> {
    const { kube } = this.options;
    const labelSelector = `${LABELS.campaign}=${this.options.campaign}`;
    for (const namespace of new Set([this.namespace, this.options.realtimeNamespace ?? this.namespace])) {
      await kube.remove("Deleting the campaign's pods", () =>
        kube.core.deleteCollectionNamespacedPod({ namespace, labelSelector, gracePeriodSeconds: 0 }),
      );
      await kube.remove("Deleting the campaign's claims", () =>
        kube.core.deleteCollectionNamespacedPersistentVolumeClaim({ namespace, labelSelector }),
      );
    }
    this.#pods.clear();
    this.#claims.clear();
    if (this.#ownNamespace) {
      await kube.remove(`Deleting namespace ${this.namespace}`, () =>
        kube.core.deleteNamespace({ name: this.namespace }),
      );
    }
  }
}
