import { KubeClient } from "../targets/kubernetes/kube-client.ts";
import { KubernetesTarget } from "../targets/kubernetes/kubernetes-target.ts";
import { loadProfiles } from "../targets/kubernetes/load-profiles.ts";
import { kubeName } from "../targets/kubernetes/names.ts";
import { LocalTarget } from "../targets/local/local-target.ts";
import type { Target } from "../targets/target.ts";
import type { RunArgs } from "./options.ts";

/** Default runtimes of each target: the baseline runc, a sandbox, and locally a bare host process as reference. */
export const TARGET_DEFAULTS = {
  local: { runtimes: "host,runc,gvisor" },
  kubernetes: { runtimes: "runc,edera" },
} as const;

/** The default baseline: runc, what sandboxes are compared with, when it runs; else the first runtime. */
export function defaultBaseline(runtimes: string): string {
  const list = runtimes
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  return list.includes("runc") ? "runc" : (list[0] ?? "");
}

/** The target a `parity run` asked for. */
export async function createTarget(options: RunArgs): Promise<Target> {
  if (options.target === "local")
    return new LocalTarget({
      label: options.campaign,
      log: (line) => process.stderr.write(`${line}\n`),
      ...(options.gvisorPlatform ? { gvisorPlatform: options.gvisorPlatform } : {}),
    });
  kubeName("campaign", options.campaign);
  return new KubernetesTarget({
    kube: await KubeClient.load({ kubeconfig: options.kubeconfig, context: options.context }),
    profiles: await loadProfiles(options.profiles),
    campaign: options.campaign,
    image: options.image!,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.realtimeNamespace ? { realtimeNamespace: options.realtimeNamespace } : {}),
    ...(options.storageClass ? { storageClass: options.storageClass } : {}),
  });
}
