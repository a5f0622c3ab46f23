import type { V1Node, V1Pod } from "@kubernetes/client-node";
import type { ExecResult } from "../../contracts/exec-result.ts";
import type { RunnerView, RuntimeInfo } from "../../contracts/runtime-info.ts";
import { ParityError } from "../../core/errors.ts";
import { PEER_VARIABLE } from "../../core/probe.ts";
import type { StorageMode, StorageTarget, ToolRequirement } from "../../guides/define-guide.ts";
import type { ClockFacts, HostFacts } from "../../schemas/campaign.ts";
import { type RuntimeProfile, type RuntimeProfiles, wholeCpus } from "../../schemas/runtime-profile.ts";
import type { WorkloadFacts } from "../../schemas/workload-facts.ts";
import type { CampaignNeeds, ExecOptions, Target } from "../target.ts";
import { ensureNamespace, findNode, runtimeClassHandler } from "./cluster-setup.ts";
import type { KubeClient } from "./kube-client.ts";
import { nodeFacts } from "./node-facts.ts";
import { clusterNetworkPath, startPeerPod } from "./peer-pod.ts";
import { benchmarkPod, LABELS, podName } from "./pod-manifest.ts";
import { deletePod, runPodToEnd } from "./pod-run.ts";
import { ScratchClaims } from "./scratch-claims.ts";
import { StartupMeasurement } from "./startup-measurement.ts";

export interface KubernetesTargetOptions {
  kube: KubeClient;
  profiles: RuntimeProfiles;
  campaign: string;
  image: string;
  /** An existing namespace to use; default: a `parity-<campaign>` namespace created and deleted by Parity. */
  namespace?: string;
  /**
   * With `namespace`: another existing namespace for guides that need real-time scheduling (their
   * pods need a privileged profile).
   */
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
 * Setup, pods, volumes and the startup measurement each live in their own module.
 */
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
  #sequence = 0;
  #claims: ScratchClaims;
  #startup: StartupMeasurement;

  constructor(private readonly options: KubernetesTargetOptions) {
    this.namespace = options.namespace ?? `parity-${options.campaign}`.slice(0, 63);
    this.#ownNamespace = options.namespace === undefined;
    this.#claims = new ScratchClaims(options.kube, options.campaign, options.storageClass);
    this.#startup = new StartupMeasurement({
      kube: options.kube,
      campaign: options.campaign,
      namespace: this.namespace,
      image: options.image,
      readyTimeoutSeconds: options.readyTimeoutSeconds ?? 120,
      nodeOf: (runtime) => this.#nodes.get(runtime)!,
      runToEnd: (runtime, argv, runOptions) => this.exec(runtime, argv, runOptions),
    });
  }

  profile(runtime: string): RuntimeProfile {
    const profile = this.options.profiles.runtimes.find((r) => r.name === runtime);
    if (!profile) {
      throw new ParityError("UNKNOWN_RUNTIME", {
        what: `Unknown runtime "${runtime}" for the kubernetes target`,
        next:
          `pick one of ${this.options.profiles.runtimes.map((r) => r.name).join(", ")}, or add it to the ` +
          `profiles file`,
      });
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
      if (profile.runtimeClassName) this.#handlers.set(runtime, await runtimeClassHandler(kube, profile));
      this.#nodes.set(runtime, await findNode(kube, profile));
    }
    await ensureNamespace(kube, {
      name: this.namespace,
      own: this.#ownNamespace,
      campaign: this.options.campaign,
      realtime: needs.realtime === true,
      realtimeNamespace: this.options.realtimeNamespace,
    });
    if (needs.readiness) await this.#startup.start();
  }

  clockFacts(): ClockFacts | undefined {
    return this.#startup.clockFacts();
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
    return this.#claims.prepare(runtime, mode, sizeMiB);
  }

  async runnerView(runtime: string): Promise<RunnerView> {
    return { kernel: this.#nodes.get(runtime)?.status?.nodeInfo?.kernelVersion ?? "unknown" };
  }

  verifyWorkload(runtime: string, facts: WorkloadFacts): void {
    const profile = this.profile(runtime);
    const requested = wholeCpus(profile.resources.cpu);
    if (facts.vcpus < requested) {
      const fix = profile.vcpuAnnotation
        ? `Parity set the annotation ${profile.vcpuAnnotation}="${requested}"; check that the runtime honours it ` +
          `(for Kata, enable_annotations in its configuration)`
        : profile.isolation === "vm"
          ? "a VM runtime usually needs an annotation that sizes the guest: set vcpuAnnotation for this runtime in " +
            "the profiles file (Edera: dev.edera/cpu)"
          : "check the CPU limits of the node and the runtime";
      throw new ParityError(
        "UNDERSIZED",
        {
          what:
            `Runtime "${runtime}" requested ${requested} vCPUs (resources.cpu ${profile.resources.cpu}) but the ` +
            `workload sees ${facts.vcpus}; a guest with fewer vCPUs than requested would look slow for the wrong ` +
            `reason`,
          next: fix,
        },
        { details: { runtime, requested, seen: facts.vcpus } },
      );
    }
  }

  async exec(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const meta = options.meta ?? { guide: options.untilReady ? "startup" : "step", run: String(++this.#sequence) };
    if (options.untilReady) return this.#startup.sample(this.profile(runtime), argv, meta, options);
    const { kube } = this.options;
    const timeoutSeconds = this.options.podTimeoutSeconds ?? 900;
    const name = podName(this.options.campaign, meta.guide, runtime, meta.run);
    const namespace =
      options.realtime && this.options.realtimeNamespace ? this.options.realtimeNamespace : this.namespace;
    const storage = options.storage ? this.#claims.claimFor(meta.guide, runtime, options.storage.mode) : undefined;
    const peer = options.peer
      ? await startPeerPod(
          kube,
          {
            namespace,
            campaign: this.options.campaign,
            guide: meta.guide,
            run: `${runtime}-${meta.run}`,
            image: this.options.image,
            profile: this.profile(options.peer.runtime),
            ...(this.#nodes.get(runtime)?.metadata?.name
              ? { nodeName: this.#nodes.get(runtime)!.metadata!.name! }
              : {}),
            peer: options.peer,
          },
          options.signal,
        )
      : undefined;
    const manifest = benchmarkPod({
      namespace,
      campaign: this.options.campaign,
      guide: meta.guide,
      runtime,
      run: meta.run,
      argv,
      image: this.options.image,
      profile: this.profile(runtime),
      activeDeadlineSeconds: timeoutSeconds,
      ...(storage ? { storage } : {}),
      ...(options.realtime ? { realtime: true } : {}),
      ...(peer ? { env: { [PEER_VARIABLE]: peer.address } } : {}),
    }) as V1Pod;
    let result: ExecResult;
    let peerOutput = "";
    try {
      if (storage) await this.#claims.ensure(namespace, runtime, storage);
      const pod = { namespace, name, runtime, manifest, timeoutMs: timeoutSeconds * 1000 + 30_000 };
      result = await runPodToEnd(kube, pod, options.signal);
    } finally {
      await deletePod(kube, namespace, name);
      if (peer) peerOutput = await peer.stop();
    }
    return peer ? { ...result, peer: { path: clusterNetworkPath(options.peer!.runtime), output: peerOutput } } : result;
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
    this.#claims.clear();
    if (this.#ownNamespace) {
      await kube.remove(`Deleting namespace ${this.namespace}`, () =>
        kube.core.deleteNamespace({ name: this.namespace }),
      );
    }
  }
}
