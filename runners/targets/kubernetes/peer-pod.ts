import type { V1Pod } from "@kubernetes/client-node";
import { tail } from "../../contracts/raw-log.ts";
import { ParityError } from "../../core/errors.ts";
import type { RuntimeProfile } from "../../schemas/runtime-profile.ts";
import type { PeerRequest } from "../target.ts";
import type { KubeClient } from "./kube-client.ts";
import { benchmarkPod, listening } from "./pod-manifest.ts";
import { deletePod } from "./pod-run.ts";
import { waitForPod } from "./wait-for-pod.ts";

/** How long a peer pod may take to be Ready: its image is already on the node, as the workload's is. */
const READY_TIMEOUT_MS = 120_000;

/** What a peer pod is for: the run it serves, on that run's node. */
export interface PeerPodRequest {
  namespace: string;
  campaign: string;
  guide: string;
  /** The run it serves, e.g. "gvisor-3": the peer's pod is named after it. */
  run: string;
  image: string;
  /** The peer's runtime's profile (the baseline's), placed on `nodeName`, the workload's node. */
  profile: RuntimeProfile;
  nodeName?: string;
  peer: PeerRequest;
}

/** A peer pod that is Ready: its address, and how to stop it and read what it printed. */
export interface RunningPeerPod {
  address: string;
  stop(): Promise<string>;
}

/**
 * Starts the peer of one run as a pod of the baseline's runtime on the workload's node, Ready once its servers
 * listen, and returns its pod address. A peer that ends or never gets Ready fails with its own last words.
 */
export async function startPeerPod(
  kube: KubeClient,
  req: PeerPodRequest,
  signal: AbortSignal | undefined,
): Promise<RunningPeerPod> {
  const manifest = benchmarkPod({
    namespace: req.namespace,
    campaign: req.campaign,
    guide: req.guide,
    runtime: req.peer.runtime,
    run: `peer-${req.run}`,
    argv: req.peer.argv,
    image: req.image,
    profile: req.profile,
    ...(req.nodeName ? { nodeName: req.nodeName } : {}),
    activeDeadlineSeconds: 3600,
    readinessCommand: listening(req.peer.ports),
    bestEffort: true,
  }) as V1Pod;
  const name = manifest.metadata!.name!;
  const logOf = async () =>
    String(
      await kube
        .call(`Reading the log of pod ${name}`, () =>
          kube.core.readNamespacedPodLog({ name, namespace: req.namespace, container: "workload" }),
        )
        .catch(() => ""),
    );
  const stop = async () => {
    const log = await logOf();
    await deletePod(kube, req.namespace, name);
    return log;
  };
  await kube.call(`Creating pod ${name}`, () =>
    kube.core.createNamespacedPod({ namespace: req.namespace, body: manifest }),
  );
  try {
    const { pod, outcome } = await waitForPod(kube, req.namespace, name, {
      timeoutMs: READY_TIMEOUT_MS,
      ...(signal ? { signal } : {}),
      until: (p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true,
      awaited: "become Ready",
    });
    const address = pod.status?.podIP;
    if (outcome.state !== "reached" || !address)
      throw new ParityError("TOOL_FAILED", {
        what: `The peer pod ${name} (\`${req.peer.argv.join(" ")}\`) ended before its servers listened`,
        evidence: tail(await logOf()) || "(no output)",
        next: "run the peer's command by hand in a pod of the same image to see why it does not listen",
      });
    return { address, stop };
  } catch (error) {
    await deletePod(kube, req.namespace, name);
    throw error;
  }
}

/** How the path reads in results on this target. */
export function clusterNetworkPath(peerRuntime: string): string {
  return `pod to pod on one node through the cluster's network plugin (CNI); peer: a ${peerRuntime} pod`;
}
