import { memoryMiB, type RuntimeProfile, wholeCpus } from "../../schemas/runtime-profile.ts";

/** Labels on everything Parity creates, so cleanup can always find it. */
export const LABELS = {
  managedBy: "app.kubernetes.io/managed-by",
  campaign: "parity/campaign",
  guide: "parity/guide",
  runtime: "parity/runtime",
  run: "parity/run",
} as const;

/** What one pod is for. */
export interface PodRequest {
  namespace: string;
  campaign: string;
  guide: string;
  runtime: string;
  /** Run label, e.g. "3" or "aa-2". */
  run: string;
  argv: readonly string[];
  image: string;
  profile: RuntimeProfile;
  /** Overrides the profile's node (`--node`). */
  nodeName?: string;
  /** Seconds after which the kubelet kills the pod: a bound on a stuck run. */
  activeDeadlineSeconds: number;
  /** A PersistentVolumeClaim attached as a file system at /data or as a raw device at /dev/parity-block. */
  storage?: { mode: "filesystem" | "block"; claimName: string };
  /** Real-time scheduling (the jitter guide): root in the container with CAP_SYS_NICE alone. */
  realtime?: boolean;
  /**
   * A readiness probe that succeeds at once (`true`), probed every second: the pod is Ready as soon
   * as its container runs.
   */
  readiness?: boolean;
  /** Ready only once this command succeeds instead (a peer: once its servers listen). */
  readinessCommand?: readonly string[];
  /**
   * Request no resources (BestEffort): a peer beside a workload that takes the node's whole CPU request still fits,
   * and no CPU limit throttles it.
   */
  bestEffort?: boolean;
  /** Variables of the container, e.g. `{ PARITY_PEER: "10.88.0.7" }`. */
  env?: Readonly<Record<string, string>>;
}

/** A startup pod's command: the workload's own, then a sleep, so that the pod stays up to be seen Ready. */
export function keepAliveArgv(argv: readonly string[]): string[] {
  return ["sh", "-c", '"$@"; exec sleep 3600', "parity-ready", ...argv];
}

/** A shell test that each port listens (`ss` of iproute2, in the workload image). */
export function listening(ports: readonly number[]): string[] {
  return ["sh", "-c", ports.map((p) => `ss -Htln | grep -q ':${p} '`).join(" && ")];
}

/** Where a pod finds its scratch storage. */
export const POD_DATA_DIR = "/data";
export const POD_BLOCK_DEVICE = "/dev/parity-block";

/** The claim of one run: `volumeMode: Block` (a raw device) or `Filesystem` (mounted). */
export function scratchClaim(req: {
  namespace: string;
  name: string;
  campaign: string;
  runtime: string;
  mode: "filesystem" | "block";
  sizeMiB: number;
  storageClass?: string;
}): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: req.name,
      namespace: req.namespace,
      labels: { [LABELS.managedBy]: "parity", [LABELS.campaign]: req.campaign, [LABELS.runtime]: req.runtime },
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      volumeMode: req.mode === "block" ? "Block" : "Filesystem",
      resources: { requests: { storage: `${req.sizeMiB}Mi` } },
      ...(req.storageClass ? { storageClassName: req.storageClass } : {}),
    },
  };
}

/** A DNS-1123 name of at most 63 characters. */
export function podName(campaign: string, guide: string, runtime: string, run: string): string {
  const name = `parity-${campaign}-${guide}-${runtime}-${run}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  return name.length <= 63 ? name : `${name.slice(0, 54)}-${hash(name)}`;
}

function hash(text: string): string {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(36).padStart(8, "0").slice(0, 8);
}

/**
 * The guest-sizing annotations a VM runtime needs, filled from the requested resources (the
 * methodology page: size the guest explicitly).
 */
export function sizingAnnotations(profile: RuntimeProfile): Record<string, string> {
  const out: Record<string, string> = { ...profile.annotations };
  if (profile.vcpuAnnotation) out[profile.vcpuAnnotation] = String(wholeCpus(profile.resources.cpu));
  if (profile.memoryAnnotation) {
    out[profile.memoryAnnotation] =
      profile.memoryAnnotationUnit === "MiB" ? String(memoryMiB(profile.resources.memory)) : profile.resources.memory;
  }
  return out;
}

/**
 * The pod of one run: pinned to its runtime's node, the runtime chosen by RuntimeClass and
 * sized by annotations, Guaranteed QoS, and a security context that passes the Pod Security
 * "restricted" profile (non-root, no privilege escalation, no capabilities, RuntimeDefault
 * seccomp, read-only root file system with a writable /tmp).
 *
 * The one exception is a real-time guide: cyclictest refuses to start without SCHED_FIFO
 * permission, and Kubernetes gives added capabilities to root only (no ambient capabilities
 * for other users), so its pods run as root with every capability dropped but SYS_NICE.
 */
export function benchmarkPod(req: PodRequest): Record<string, unknown> {
  const { profile } = req;
  const nodeName = req.nodeName ?? profile.node.name;
  const resources = { cpu: profile.resources.cpu, memory: profile.resources.memory };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: podName(req.campaign, req.guide, req.runtime, req.run),
      namespace: req.namespace,
      labels: {
        [LABELS.managedBy]: "parity",
        [LABELS.campaign]: req.campaign,
        [LABELS.guide]: req.guide,
        [LABELS.runtime]: req.runtime,
        [LABELS.run]: req.run,
      },
      annotations: sizingAnnotations(profile),
    },
    spec: {
      ...(profile.runtimeClassName ? { runtimeClassName: profile.runtimeClassName } : {}),
      ...(nodeName ? { nodeName } : { nodeSelector: profile.node.selector }),
      ...(profile.tolerations.length > 0 ? { tolerations: profile.tolerations } : {}),
      restartPolicy: "Never",
      activeDeadlineSeconds: req.activeDeadlineSeconds,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: req.realtime
        ? { runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: "RuntimeDefault" } }
        : {
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            ...(req.storage ? { fsGroup: 65534 } : {}),
            seccompProfile: { type: "RuntimeDefault" },
          },
      containers: [
        {
          name: "workload",
          image: req.image,
          imagePullPolicy: profile.imagePullPolicy,
          command: [...req.argv],
          resources: req.bestEffort ? {} : { requests: resources, limits: resources },
          ...(req.env ? { env: Object.entries(req.env).map(([name, value]) => ({ name, value })) } : {}),
          ...(req.readiness || req.readinessCommand
            ? {
                readinessProbe: {
                  exec: { command: [...(req.readinessCommand ?? ["true"])] },
                  periodSeconds: 1,
                  timeoutSeconds: 1,
                  successThreshold: 1,
                  failureThreshold: 3,
                },
              }
            : {}),
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"], ...(req.realtime ? { add: ["SYS_NICE"] } : {}) },
          },
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            ...(req.storage?.mode === "filesystem" ? [{ name: "scratch", mountPath: POD_DATA_DIR }] : []),
          ],
          ...(req.storage?.mode === "block"
            ? { volumeDevices: [{ name: "scratch", devicePath: POD_BLOCK_DEVICE }] }
            : {}),
        },
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
        ...(req.storage ? [{ name: "scratch", persistentVolumeClaim: { claimName: req.storage.claimName } }] : []),
      ],
    },
  };
}

/**
 * The campaign's own namespace, enforcing the restricted Pod Security profile on its pods.
 * A campaign with a real-time guide needs SYS_NICE, which even "baseline" refuses: its
 * namespace enforces "privileged" but still warns and audits against "restricted".
 */
export function campaignNamespace(
  name: string,
  campaign: string,
  options: { realtime?: boolean } = {},
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      labels: {
        [LABELS.managedBy]: "parity",
        [LABELS.campaign]: campaign,
        "pod-security.kubernetes.io/enforce": options.realtime ? "privileged" : "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        ...(options.realtime
          ? { "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted" }
          : {}),
      },
    },
  };
}
