/**
 * A Kubernetes campaign against the in-process API server (fake-kube-api.ts) through the real
 * client library: shared by the target's tests and the site test that renders such a
 * campaign. NOT a cluster run.
 */
import { writeFile } from "node:fs/promises";
import { release } from "node:os";
import { join } from "node:path";
import type { ParityError } from "../../runners/core/errors.ts";
import { createProgress } from "../../runners/run/progress.ts";
import { type CampaignOptions, runCampaign } from "../../runners/run/run-campaign.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { KubeClient } from "../../runners/targets/kubernetes/kube-client.ts";
import { KubernetesTarget, type KubernetesTargetOptions } from "../../runners/targets/kubernetes/kubernetes-target.ts";
import { loadProfiles } from "../../runners/targets/kubernetes/load-profiles.ts";
import type { FakeKubeApi, FakeOptions } from "./fake-kube-api.ts";

export const IMAGE = "registry.example/parity-workload:0.1.0";
export const PROFILES = `runtimes:
  - name: runc
    isolation: container
    node: { selector: { parity/runtime: runc } }
    resources: { cpu: "2", memory: 1Gi }
  - name: edera
    isolation: vm
    runtimeClassName: edera
    vcpuAnnotation: dev.edera/cpu
    node: { selector: { parity/runtime: edera } }
    resources: { cpu: "2", memory: 1Gi }
  - name: kata
    isolation: vm
    runtimeClassName: kata
    node: { selector: { parity/runtime: kata } }
    resources: { cpu: "2", memory: 1Gi }
  - name: gvisor
    isolation: user-kernel
    runtimeClassName: gvisor
    node: { selector: { parity/runtime: gvisor } }
    resources: { cpu: "2", memory: 1Gi }
`;
// The workload runs on this machine, so it sees this kernel: the runc node must report it too,
// and the VM node another one (its guest kernel is then "its own").
export const NODES: FakeOptions["nodes"] = [
  {
    name: "ip-10-0-1-11.us-west-2.compute.internal",
    labels: { "parity/runtime": "runc" },
    kernelVersion: release(),
    images: [IMAGE],
  },
  {
    name: "ip-10-0-1-12.us-west-2.compute.internal",
    labels: { "parity/runtime": "edera" },
    kernelVersion: "6.12.40-node-kernel",
    images: [IMAGE],
  },
];

/** Campaign options of the tests: two runtimes, quick, no noise floor, unless overridden. */
export function kubeOptions(over: Partial<CampaignOptions> = {}): CampaignOptions {
  return {
    id: "k1",
    guides: ["cpu"],
    runtimes: ["runc", "edera"],
    baseline: "runc",
    runs: 2,
    quick: true,
    allowOversubscribe: false,
    noiseFloor: false,
    warmup: 0,
    seed: 1,
    thresholdPercent: 5,
    force: false,
    ...over,
  };
}

/** Runs a campaign on `server` into `dir/campaigns` (profiles written to `dir`); resolves with the error, if any. */
export async function runKubeCampaign(
  server: FakeKubeApi,
  dir: string,
  over: Partial<CampaignOptions> = {},
  signal = new AbortController().signal,
  targetOver: Partial<Pick<KubernetesTargetOptions, "readyTimeoutSeconds">> = {},
) {
  await writeFile(join(dir, "runtimes.yaml"), PROFILES);
  const kube = await KubeClient.load({ kubeconfig: server.kubeconfig });
  (kube as { baseDelayMs: number }).baseDelayMs = 10;
  const target = new KubernetesTarget({
    kube,
    profiles: await loadProfiles(join(dir, "runtimes.yaml")),
    campaign: over.id ?? "k1",
    image: IMAGE,
    podTimeoutSeconds: 60,
    ...targetOver,
  });
  const store = new CampaignStore(join(dir, "campaigns"));
  const progress = createProgress({ estimates: [1, 1, 1, 1], mode: "plain", write: () => {} });
  const error = await runCampaign(kubeOptions(over), {
    target,
    store,
    progress,
    signal,
    parity: { version: "test" },
  }).then(
    () => undefined,
    (e: unknown) => e as ParityError,
  );
  return { error, store, target };
}
