import type { V1Pod } from "@kubernetes/client-node";
import { epochMs as now } from "../../core/epoch-ms.ts";
import { interrupted, ParityError } from "../../core/errors.ts";
import type { KubeClient } from "./kube-client.ts";
import { classifyPod, type PodOutcome } from "./pod-status.ts";

/** A pod's last state and how it ended, that it is stuck, or (with `until`) that it reached the awaited state. */
export interface PodEnd {
  pod: V1Pod;
  outcome: Exclude<PodOutcome, { state: "pending" | "running" }> | { state: "reached" };
}

/** How long and for what to wait, and who wants to see every state on the way. */
export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Stop early, with outcome `reached`, once this holds (e.g. the pod is Ready). */
  until?: (pod: V1Pod) => boolean;
  /** Called with every state of the pod the runner receives, and the runner's clock (epoch ms) on arrival. */
  onSeen?: (pod: V1Pod, at: number) => void;
  /** What the timeout error says the pod did not do, e.g. "become Ready" (default "finish"). */
  awaited?: string;
}

/**
 * Follows one pod until it ends or gets stuck: reads it, then watches it from that
 * resourceVersion. A dropped or expired watch is resumed by reading the pod again, so no
 * transition is missed. Fails after `timeoutMs` with the last phase and conditions seen, or
 * when `signal` aborts.
 */
export async function waitForPod(
  kube: KubeClient,
  namespace: string,
  name: string,
  options: WaitOptions,
): Promise<PodEnd> {
  const done = (pod: V1Pod): PodEnd | undefined => {
    options.onSeen?.(pod, now());
    if (options.until?.(pod)) return { pod, outcome: { state: "reached" } };
    const outcome = classifyPod(pod);
    if (outcome.state === "pending" || outcome.state === "running") return undefined;
    return { pod, outcome };
  };
  const deadline = Date.now() + options.timeoutMs;
  let last: V1Pod | undefined;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw interrupted(`Waiting for pod ${name}`);
    last = await kube.call(`Reading pod ${name}`, () => kube.core.readNamespacedPod({ name, namespace }));
    const end = done(last);
    if (end) return end;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const conditions = (last.status?.conditions ?? [])
        .map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}`)
        .join(", ");
      throw new ParityError(
        "POD_FAILED",
        {
          what:
            `Pod ${name} did not ${options.awaited ?? "finish"} within ${Math.round(options.timeoutMs / 1000)} s ` +
            `(last phase: ${last.status?.phase ?? "unknown"}${conditions ? `; conditions: ${conditions}` : ""}); ` +
            "it was deleted",
          next: "check the node with kubectl describe node",
        },
        { details: { pod: name, timeoutMs: options.timeoutMs } },
      );
    }
    const result = await new Promise<PodEnd | "dropped" | "timeout" | "aborted">((resolve) => {
      let controller: AbortController | undefined;
      let settled = false;
      const settle = (value: PodEnd | "dropped" | "timeout" | "aborted") => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        controller?.abort();
        resolve(value);
      };
      const timer = setTimeout(() => settle("timeout"), remaining);
      const onAbort = () => settle("aborted");
      options.signal?.addEventListener("abort", onAbort, { once: true });
      kube.watch
        .watch(
          `/api/v1/namespaces/${namespace}/pods`,
          {
            fieldSelector: `metadata.name=${name}`,
            resourceVersion: last!.metadata?.resourceVersion,
            allowWatchBookmarks: true,
          },
          (type, object: V1Pod) => {
            if (type === "ERROR") return settle("dropped");
            if (type === "DELETED") return settle(done(object) ?? "dropped");
            if (type === "ADDED" || type === "MODIFIED") {
              const end = done(object);
              if (end) settle(end);
            }
          },
          () => settle("dropped"),
        )
        .then(
          (c) => {
            controller = c;
            if (settled) c.abort();
          },
          () => settle("dropped"),
        );
    });
    if (result === "aborted") throw interrupted(`Waiting for pod ${name}`);
    if (result !== "dropped" && result !== "timeout") return result;
    // Dropped: back off briefly, then read the pod again and resume watching from there.
    if (result === "dropped") await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** Math.min(attempt, 4))));
  }
}
