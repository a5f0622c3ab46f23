import { stringify } from "yaml";
import { PEER_VARIABLE, wrapWithProbe, wrapWithProbeAfter } from "../../core/probe.ts";
import type { GuideDefinition, StorageMode, StorageTarget } from "../../guides/define-guide.ts";
import { type RuntimeProfile, wholeCpus } from "../../schemas/runtime-profile.ts";
import {
  benchmarkPod,
  campaignNamespace,
  keepAliveArgv,
  listening,
  POD_BLOCK_DEVICE,
  POD_DATA_DIR,
  podName,
  scratchClaim,
} from "./pod-manifest.ts";

/** What a reader replaces with the peer pod's address (`kubectl get pod -o wide`). */
export const PEER_PLACEHOLDER = "PEER-POD-IP";

/** The image reference the docs print where a reader puts their own registry. */
export const IMAGE_PLACEHOLDER = "REGISTRY/parity-workload:0.1.0";

/**
 * The objects a Kubernetes run of `guide` on `profile` creates: the campaign namespace
 * (unless one is given) and one pod per step, with threads set to the vCPUs the profile
 * sizes the workload to. Pure: `parity manifests` and the site print the same YAML.
 */
export function guideManifests(
  guide: GuideDefinition,
  profile: RuntimeProfile,
  options: {
    image: string;
    campaign: string;
    namespace?: string;
    nodeName?: string;
    storageMode?: StorageMode;
    storageClass?: string;
  },
): Record<string, unknown>[] {
  const namespace = options.namespace ?? `parity-${options.campaign}`;
  const params = guide.parameters.parse({}) as Record<string, unknown>;
  const threads = wholeCpus(profile.resources.cpu);
  const docs: Record<string, unknown>[] = options.namespace
    ? []
    : [campaignNamespace(namespace, options.campaign, { realtime: guide.realtime === true })];
  // A guide with storage gets one claim per run, attached as a raw device or a mounted file system.
  const mode = guide.storage ? (options.storageMode ?? "block") : undefined;
  const run = mode ? `${mode}-1` : "1";
  const name = podName(options.campaign, guide.id, profile.name, run);
  const storage: StorageTarget | undefined = mode
    ? { mode, path: mode === "block" ? POD_BLOCK_DEVICE : `${POD_DATA_DIR}/fio.dat` }
    : undefined;
  if (mode) {
    docs.push(
      scratchClaim({
        namespace,
        name,
        campaign: options.campaign,
        runtime: profile.name,
        mode,
        sizeMiB: guide.storage!.sizeMiB(params as never) + 64,
        ...(options.storageClass ? { storageClass: options.storageClass } : {}),
      }),
    );
  }
  // A guide with a peer: its server as a pod of the cluster's default runtime (the baseline's, runc, where no
  // RuntimeClass is named), Ready once it listens; the workload reaches it at the address the reader fills in.
  if (guide.peer) {
    docs.push(
      benchmarkPod({
        namespace,
        campaign: options.campaign,
        guide: guide.id,
        runtime: "peer",
        run,
        image: options.image,
        profile: { ...profile, runtimeClassName: null, annotations: {} },
        argv: guide.peer.argv,
        activeDeadlineSeconds: 3600,
        readinessCommand: listening(guide.peer.ports),
        bestEffort: true,
        ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      }),
    );
  }
  for (const step of guide.steps) {
    const command = step.argv({ ...params, threads, ...(storage ? { storage } : {}) });
    // The same command a run gives the pod: probe first (or after, for startup), kept alive for readiness.
    const argv =
      guide.probe === "after" ? wrapWithProbeAfter(command) : wrapWithProbe(command, storage, guide.peer !== undefined);
    docs.push(
      benchmarkPod({
        namespace,
        campaign: options.campaign,
        guide: guide.id,
        runtime: profile.name,
        run,
        image: options.image,
        profile,
        argv: guide.readiness ? keepAliveArgv(argv) : argv,
        activeDeadlineSeconds: 900,
        ...(guide.readiness ? { readiness: true } : {}),
        ...(options.nodeName ? { nodeName: options.nodeName } : {}),
        ...(mode ? { storage: { mode, claimName: name } } : {}),
        ...(guide.realtime ? { realtime: true } : {}),
        ...(guide.peer ? { env: { [PEER_VARIABLE]: PEER_PLACEHOLDER } } : {}),
      }),
    );
  }
  return docs;
}

/** YAML documents separated by `---`, as `kubectl apply -f -` reads them (no anchors). */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}
