import type { RunArgs } from "./options.ts";
import { KubeClient } from "../targets/kubernetes/kube-client.ts";
import { KubernetesTarget } from "../targets/kubernetes/kubernetes-target.ts";
import { loadProfiles } from "../targets/kubernetes/load-profiles.ts";
import { LocalTarget } from "../targets/local/local-target.ts";
import type { Target } from "../targets/target.ts";

/** Default runtimes and baseline of each target. */
export const TARGET_DEFAULTS = {
  local: { runtimes: "host,runc", baseline: "host" },
  kubernetes: { runtimes: "runc,edera", baseline: "runc" },
} as const;

/** The target a `parity run` asked for. */
export async function createTarget(options: RunArgs): Promise<Target> {
  if (options.target === "local") return new LocalTarget({ label: options.campaign });
  return new KubernetesTarget({
    kube: await KubeClient.load({ kubeconfig: options.kubeconfig, context: options.context }),
    profiles: await loadProfiles(options.profiles),
    campaign: options.campaign,
    image: options.image!,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.storageClass ? { storageClass: options.storageClass } : {}),
  });
}
