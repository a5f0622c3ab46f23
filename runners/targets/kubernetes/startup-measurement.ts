import type { V1Node, V1Pod } from "@kubernetes/client-node";
import type { ExecResult } from "../../contracts/exec-result.ts";
import { ParityError } from "../../core/errors.ts";
import type { ClockFacts } from "../../schemas/campaign.ts";
import type { RuntimeProfile } from "../../schemas/runtime-profile.ts";
import type { ExecOptions } from "../target.ts";
import { apiClock } from "./api-clock.ts";
import { nodeHasImage } from "./image-check.ts";
import type { KubeClient } from "./kube-client.ts";
import { benchmarkPod, keepAliveArgv, podName } from "./pod-manifest.ts";
import { deletePod } from "./pod-run.ts";
import { startUntilReady, waitUntilGone } from "./pod-startup.ts";
import { imageDigest } from "./pod-status.ts";

/** What the startup measurement needs from its target. */
export interface StartupDeps {
  kube: KubeClient;
  campaign: string;
  namespace: string;
  image: string;
  /** Seconds a startup pod may take from creation to Ready before the run fails. */
  readyTimeoutSeconds: number;
  nodeOf(runtime: string): V1Node;
  /** Runs a plain pod to its end: the warm-up pod that pulls the image. */
  runToEnd(runtime: string, argv: readonly string[], options: ExecOptions): Promise<ExecResult>;
}

/**
 * Pod startup as a measurement, in the manner of kube-burner's pod latency plugin: it sets
 * itself up once (the API clock offset, whether the kubelet's metrics are readable), makes sure the
 * image is on each node, then takes samples, each a pod followed from creation to Ready and
 * deleted and gone before the next, so that samples never overlap.
 */
export class StartupMeasurement {
  #clock: ClockFacts | undefined;
  /** Whether the kubelet's metrics are readable through nodes/proxy (the startup SLI and CRI call timings). */
  #kubeletReadable = false;
  /** How each runtime's node was found to hold the image: `node status` or `warm-up pod`. */
  #imageCheck = new Map<string, string>();

  constructor(private readonly deps: StartupDeps) {}

  /** A few seconds of requests: the server clock's offset from the runner's, and the kubelet metrics permission. */
  async start(): Promise<void> {
    this.#clock = await apiClock(this.deps.kube);
    this.#kubeletReadable = await this.deps.kube.allowed({ verb: "get", resource: "nodes", subresource: "proxy" });
  }

  clockFacts(): ClockFacts | undefined {
    return this.#clock;
  }

  /** One sample: the image verified on the node first, then a pod that becomes Ready at once. */
  async sample(
    profile: RuntimeProfile,
    argv: readonly string[],
    meta: NonNullable<ExecOptions["meta"]>,
    options: ExecOptions,
  ): Promise<ExecResult> {
    const { kube, namespace } = this.deps;
    const runtime = profile.name;
    await this.#ensureImage(runtime, options);
    const name = podName(this.deps.campaign, meta.guide, runtime, meta.run);
    const readyTimeoutMs = this.deps.readyTimeoutSeconds * 1000;
    const manifest = benchmarkPod({
      namespace,
      campaign: this.deps.campaign,
      guide: meta.guide,
      runtime,
      run: meta.run,
      argv: keepAliveArgv(argv),
      image: this.deps.image,
      profile,
      activeDeadlineSeconds: Math.ceil(readyTimeoutMs / 1000) + 300,
      readiness: true,
    }) as V1Pod;
    const startedAt = new Date();
    const started = performance.now();
    try {
      const node = this.deps.nodeOf(runtime).metadata!.name!;
      const { pod, lifecycle, log } = await startUntilReady({
        kube,
        runtime,
        namespace,
        manifest,
        readyTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(this.#clock ? { clockOffsetMs: this.#clock.offsetMs } : {}),
        ...(this.#kubeletReadable ? { kubeletNode: node } : {}),
      });
      if (pod.spec?.nodeName !== node) {
        throw new ParityError("WRONG_PLACE", {
          what: `Pod ${name} of runtime "${runtime}" ran on another node than the runtime's`,
          next: "check node.name or node.selector in the profiles file",
        });
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
      await deletePod(kube, namespace, name);
      await waitUntilGone(kube, namespace, name);
    }
  }

  /** Makes sure the runtime's node holds the image before its first sample, so samples measure startup, not a pull. */
  async #ensureImage(runtime: string, options: ExecOptions): Promise<void> {
    if (this.#imageCheck.has(runtime)) return;
    const { kube } = this.deps;
    const name = this.deps.nodeOf(runtime).metadata!.name!;
    const node = await kube.call(`Reading node ${name}`, () => kube.core.readNode({ name }));
    if (nodeHasImage(node, this.deps.image)) {
      this.#imageCheck.set(runtime, "node status");
      return;
    }
    const warmUp = await this.deps.runToEnd(runtime, ["true"], {
      label: `warm-up pod of ${runtime} (pulls the image)`,
      meta: { guide: "warmup", run: "1" },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (warmUp.exitCode !== 0)
      throw new ParityError("POD_FAILED", {
        what:
          `The warm-up pod of runtime "${runtime}" failed (${warmUp.stderr.trim() || `exit code ${warmUp.exitCode}`}` +
          `); ` +
          "the image could not be pre-pulled on its node",
        next: "check --image and that the node can pull it",
      });
    this.#imageCheck.set(runtime, "warm-up pod");
  }
}
