import type { V1Namespace, V1Node } from "@kubernetes/client-node";
import { ParityError } from "../../core/errors.ts";
import type { RuntimeProfile } from "../../schemas/runtime-profile.ts";
import type { KubeClient } from "./kube-client.ts";
import { campaignNamespace, LABELS } from "./pod-manifest.ts";

/** The handler of a runtime's RuntimeClass; a missing class says how to install it. */
export async function runtimeClassHandler(kube: KubeClient, profile: RuntimeProfile): Promise<string | undefined> {
  const name = profile.runtimeClassName!;
  const rc = await kube.tryCall(`Reading RuntimeClass ${name}`, () => kube.nodes.readRuntimeClass({ name }), [404]);
  if (!rc.ok) {
    throw new ParityError("POD_FAILED", {
      what: `RuntimeClass "${name}" of runtime "${profile.name}" does not exist on this cluster`,
      next: "install the runtime and its RuntimeClass, or fix runtimeClassName in the profiles file",
    });
  }
  return rc.value.handler;
}

/** The one Ready node of a runtime, by name or label selector. */
export async function findNode(kube: KubeClient, profile: RuntimeProfile): Promise<V1Node> {
  let nodes: V1Node[];
  if (profile.node.name) {
    const name = profile.node.name;
    const node = await kube.tryCall(`Reading node ${name}`, () => kube.core.readNode({ name }), [404]);
    if (!node.ok)
      throw new ParityError("POD_FAILED", {
        what: `Node "${name}" of runtime "${profile.name}" does not exist`,
        next: "fix node.name in the profiles file",
      });
    nodes = [node.value];
  } else {
    const labelSelector = Object.entries(profile.node.selector!)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    nodes = (await kube.call("Listing nodes", () => kube.core.listNode({ labelSelector }))).items;
    if (nodes.length === 0) {
      throw new ParityError("POD_FAILED", {
        what: `No node matches the selector ${labelSelector} of runtime "${profile.name}"`,
        next: `label the node that runs it (kubectl label node NODE ${labelSelector.split(",")[0]})`,
      });
    }
  }
  const ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
  if (ready.length === 0)
    throw new ParityError("POD_FAILED", {
      what: `The node of runtime "${profile.name}" is not Ready`,
      next: "check it with kubectl describe node",
    });
  if (ready.length > 1) {
    throw new ParityError("INVALID_INPUT", {
      what: `${ready.length} Ready nodes match runtime "${profile.name}": Parity compares one node per runtime`,
      next: "narrow node.selector or give node.name in the profiles file",
    });
  }
  return ready[0]!;
}

/**
 * The campaign's namespace: an existing one given with --namespace is only read (and the
 * real-time one with it); otherwise Parity creates its own, or reuses one it made before.
 */
export async function ensureNamespace(
  kube: KubeClient,
  ns: { name: string; own: boolean; campaign: string; realtime: boolean; realtimeNamespace?: string | undefined },
): Promise<void> {
  const read = (name: string) => kube.call(`Reading namespace ${name}`, () => kube.core.readNamespace({ name }));
  if (!ns.own) {
    await read(ns.name);
    if (ns.realtime && ns.realtimeNamespace) await read(ns.realtimeNamespace);
    return;
  }
  const body = campaignNamespace(ns.name, ns.campaign, { realtime: ns.realtime }) as V1Namespace;
  const created = await kube.tryCall(`Creating namespace ${ns.name}`, () => kube.core.createNamespace({ body }), [409]);
  if (created.ok) return;
  const existing = await read(ns.name);
  if (existing.metadata?.labels?.[LABELS.managedBy] !== "parity") {
    throw new ParityError("INVALID_INPUT", {
      what: `Namespace ${ns.name} exists and is not Parity's`,
      next: "pass --namespace to use it on purpose, or choose another campaign id",
    });
  }
}
