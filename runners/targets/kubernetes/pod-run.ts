import type { V1Pod } from "@kubernetes/client-node";
import type { ExecResult } from "../../contracts/exec-result.ts";
import { tail } from "../../contracts/raw-log.ts";
import type { KubeClient } from "./kube-client.ts";
import { imageDigest } from "./pod-status.ts";
import { stuckPodError } from "./stuck-pod.ts";
import { waitForPod } from "./wait-for-pod.ts";

/** Deletes a pod at once; one already gone is fine. */
export function deletePod(kube: KubeClient, namespace: string, name: string): Promise<void> {
  return kube.remove(`Deleting pod ${name}`, () =>
    kube.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }),
  );
}

/**
 * Creates one benchmark pod and follows it to its end: its log is the workload's output; a
 * pod that cannot start (stuck) fails with the reason. The caller deletes the pod.
 */
export async function runPodToEnd(
  kube: KubeClient,
  pod: { namespace: string; name: string; runtime: string; manifest: V1Pod; timeoutMs: number },
  signal: AbortSignal | undefined,
): Promise<ExecResult> {
  const { namespace, name } = pod;
  const startedAt = new Date();
  const started = performance.now();
  await kube.call(`Creating pod ${name}`, () => kube.core.createNamespacedPod({ namespace, body: pod.manifest }));
  const { pod: ended, outcome } = await waitForPod(kube, namespace, name, {
    timeoutMs: pod.timeoutMs,
    ...(signal ? { signal } : {}),
  });
  if (outcome.state === "stuck") throw stuckPodError(pod.runtime, name, outcome);
  const log = String(
    await kube.call(`Reading the log of pod ${name}`, () =>
      kube.core.readNamespacedPodLog({ name, namespace, container: "workload" }),
    ),
  );
  const digest = imageDigest(ended);
  return {
    stdout: log,
    // The pod's log holds the tool's stdout and stderr together: its last lines are the tool's own words.
    stderr:
      outcome.state === "failed"
        ? `${tail(log, 3)}\n(the pod ended ${outcome.reason}${outcome.message ? `: ${outcome.message}` : ""})\n`
        : "",
    exitCode: outcome.state === "failed" ? outcome.exitCode : 0,
    durationMs: performance.now() - started,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ...(digest ? { imageDigest: digest } : {}),
  };
}
