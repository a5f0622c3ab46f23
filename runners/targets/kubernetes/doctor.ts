import type { V1Node } from "@kubernetes/client-node";
import type { RuntimeProfiles } from "../../schemas/runtime-profile.ts";
import { nodeHasImage } from "./image-check.ts";
import type { KubeClient } from "./kube-client.ts";
import { PERMISSIONS } from "./rbac.ts";

/** One finding of `parity doctor`: what was checked, whether it holds, and what to do if not. */
export interface DoctorCheck {
  ok: boolean;
  /** A warning does not block a run (an image that is not pre-pulled), a failure does. */
  severity: "failure" | "warning";
  what: string;
  fix?: string;
}

function nodeReady(node: V1Node): boolean {
  return Boolean(node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
}

/** Checks a cluster before a campaign: reachable, RuntimeClasses, nodes, image, permissions. */
export async function doctor(
  kube: KubeClient,
  options: {
    profiles: RuntimeProfiles;
    runtimes: string[];
    image?: string;
    namespace: string;
    realtimeNamespace?: string;
  },
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const add = (ok: boolean, what: string, fix?: string, severity: DoctorCheck["severity"] = "failure") =>
    checks.push({ ok, what, severity, ...(ok ? {} : { fix }) });
  try {
    const version = await kube.call("Reading the server version", () => kube.version.getCode());
    add(true, `the API server answers (Kubernetes ${version.gitVersion})`);
  } catch (error) {
    add(false, "the API server answers", `${(error as Error).message} Check --kubeconfig and --context.`);
    return checks;
  }
  for (const runtime of options.runtimes) {
    const profile = options.profiles.runtimes.find((r) => r.name === runtime);
    if (!profile) {
      add(
        false,
        `runtime ${runtime} has a profile`,
        `add it to the profiles file; known: ${options.profiles.runtimes.map((r) => r.name).join(", ")}`,
      );
      continue;
    }
    if (profile.runtimeClassName) {
      try {
        const rc = await kube.tryCall(
          "Reading a RuntimeClass",
          () => kube.nodes.readRuntimeClass({ name: profile.runtimeClassName! }),
          [404],
        );
        if (rc.ok) add(true, `RuntimeClass ${profile.runtimeClassName} exists (handler ${rc.value.handler})`);
        else
          add(
            false,
            `RuntimeClass ${profile.runtimeClassName} of ${runtime} exists`,
            `install ${runtime} and its RuntimeClass on the cluster`,
          );
      } catch (error) {
        add(false, `RuntimeClass ${profile.runtimeClassName} of ${runtime} exists`, (error as Error).message);
      }
    }
    const selector = profile.node.selector
      ? Object.entries(profile.node.selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(",")
      : undefined;
    let nodes: V1Node[] = [];
    if (profile.node.name) {
      const node = await kube.tryCall("Reading a node", () => kube.core.readNode({ name: profile.node.name! }), [404]);
      if (node.ok) nodes = [node.value];
    } else {
      nodes = (await kube.call("Listing nodes", () => kube.core.listNode({ labelSelector: selector! }))).items;
    }
    const ready = nodes.filter(nodeReady);
    add(
      ready.length === 1,
      `exactly one Ready node for ${runtime} ` +
        `(${profile.node.name ? `name ${profile.node.name}` : `selector ${selector}`}): found ${ready.length}`,
      ready.length === 0
        ? `label the node: kubectl label node NODE ${selector ?? ""}`.trim()
        : "narrow the selector so one node runs each runtime",
    );
    if (options.image && ready[0]) {
      add(
        nodeHasImage(ready[0], options.image),
        `image ${options.image} is pre-pulled on the ${runtime} node`,
        "run one pod with the image on that node first (a pull would count in startup times)",
        "warning",
      );
    }
  }
  const namespaces = [options.namespace, ...(options.realtimeNamespace ? [options.realtimeNamespace] : [])];
  for (const p of PERMISSIONS) {
    for (const verb of p.verbs) {
      const [resource, subresource] = p.resource.split("/");
      for (const namespace of p.scope === "namespace" ? namespaces : [undefined]) {
        const allowed = await kube.allowed({
          group: p.group,
          resource: resource!,
          ...(subresource ? { subresource } : {}),
          verb,
          ...(namespace ? { namespace } : {}),
        });
        const what = `may ${verb} ${p.resource}${namespace ? ` in ${namespace}` : ""}`;
        if (p.optional)
          add(
            allowed,
            `${what} (optional)`,
            `without it ${p.why.split(";")[0]} is not recorded; ${p.why.split(";")[1]?.trim() ?? ""}`.trim(),
            "warning",
          );
        else add(allowed, what, `grant it (parity rbac prints the Role and ClusterRole): ${p.why}`);
      }
    }
  }
  await checkNamespaceAdmitsJitter(kube, options.realtimeNamespace ?? options.namespace, add);
  return checks;
}

/**
 * An existing namespace that enforces "restricted" or "baseline" refuses the jitter guide's pods
 * (root with SYS_NICE).
 */
async function checkNamespaceAdmitsJitter(
  kube: KubeClient,
  namespace: string,
  add: (ok: boolean, what: string, fix?: string, severity?: DoctorCheck["severity"]) => void,
): Promise<void> {
  const ns = await kube.tryCall(
    `Reading namespace ${namespace}`,
    () => kube.core.readNamespace({ name: namespace }),
    [403, 404],
  );
  // Absent or unreadable: Parity creates its own namespace per campaign, labelled for what it runs.
  if (!ns.ok) return;
  const level = ns.value.metadata?.labels?.["pod-security.kubernetes.io/enforce"];
  add(
    level === undefined || level === "privileged",
    `namespace ${namespace} admits the jitter guide's pods (Pod Security enforce: ${level ?? "not set"})`,
    `cyclictest needs root with CAP_SYS_NICE, which "${level}" refuses: run the jitter guide without --namespace ` +
      `(Parity's own namespace enforces "privileged" and warns on "restricted"), or label this one ` +
      `pod-security.kubernetes.io/enforce=privileged`,
    "warning",
  );
}
