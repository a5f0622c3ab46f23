import { dirname, join } from "node:path";
import type { GvisorSettings } from "../targets/local/gvisor-settings.ts";
import { IMAGES, NODE_NAME } from "../toolchain/versions.ts";
import type { ClusterRuntime } from "./cluster-runtimes.ts";
import type { ClusterLayout } from "./layout.ts";

/**
 * The node's address: an address from the benchmarking range (RFC 2544) put on the loopback
 * interface. The kubelet refuses 127.0.0.1 as a node IP, and the machine's own address must not
 * reach the results; this one is the same on every machine.
 */
export const NODE_IP = "198.18.0.1";
export const API_SERVER = "https://127.0.0.1:6443";
export const POD_SUBNET = "10.244.0.0/24";
export const SERVICE_RANGE = "10.96.0.0/16";

/** Where a runsc handler's shim reads its settings: `runsc.toml` beside containerd's configuration. */
export function runscConfigPath(layout: ClusterLayout, handler: string): string {
  return join(dirname(layout.containerd.runsc), `${handler}.toml`);
}

/**
 * containerd's configuration: runc is the default runtime; each gVisor RuntimeClass's handler
 * (`runsc`, `runsc-ptrace`, …) is gVisor's own shim with its settings file. OOM scores are kept at
 * or above containerd's: this machine refuses lowering them (no CAP_SYS_RESOURCE in effect), which
 * the pod sandbox would otherwise do.
 */
export function containerdConfig(layout: ClusterLayout, runtimes: readonly ClusterRuntime[]): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  const entries = runtimes.map(
    (r) => `    [${cri}.containerd.runtimes.${r.handler}]
      runtime_type = "io.containerd.runsc.v1"
      base_runtime_spec = "${layout.containerd.baseSpec}"
      [${cri}.containerd.runtimes.${r.handler}.options]
        TypeUrl = "io.containerd.runsc.v1.options"
        ConfigPath = "${runscConfigPath(layout, r.handler)}"
`,
  );
  return `version = 2
root = "${layout.containerd.root}"
state = "${layout.containerd.state}"
[grpc]
  address = "${layout.socket}"
[${cri}]
  sandbox_image = "${IMAGES.pause}"
  restrict_oom_score_adj = true
  # A raw block volume's device belongs to the pod's user, as on managed clusters' nodes: the
  # benchmark runs as nobody and opens the device itself.
  device_ownership_from_security_context = true
  [${cri}.containerd]
    default_runtime_name = "runc"
    snapshotter = "overlayfs"
    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      base_runtime_spec = "${layout.containerd.baseSpec}"
      [${cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
${entries.join("")}  [${cri}.cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${layout.cni.conf}"
`;
}

/**
 * RLIMIT_MEMLOCK of every container, in bytes: the 8 MiB runc's containers inherit from containerd,
 * stated for both runtimes (gVisor does not inherit it; oslat locks its memory).
 */
export const MEMLOCK_BYTES = 8 * 1024 * 1024;

/**
 * The base OCI spec of both runtimes' containers: containerd's default spec (from `ctr oci spec`)
 * with RLIMIT_MEMLOCK stated, so that runc and gVisor containers get the same limits.
 */
export function baseRuntimeSpec(defaultSpec: {
  process: { rlimits?: Array<{ type: string; hard: number; soft: number }> };
}): string {
  const rlimits = (defaultSpec.process.rlimits ?? []).filter((r) => r.type !== "RLIMIT_MEMLOCK");
  const memlock = { type: "RLIMIT_MEMLOCK", hard: MEMLOCK_BYTES, soft: MEMLOCK_BYTES };
  const spec = { ...defaultSpec, process: { ...defaultSpec.process, rlimits: [...rlimits, memlock] } };
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/**
 * A gVisor handler's settings for its shim: the runsc built with it and the runtime's runsc flags
 * (runners/targets/local/gvisor-settings.yaml), each passed to runsc as `--flag=value`.
 */
export function runscConfig(layout: ClusterLayout, settings: GvisorSettings): string {
  const flags = Object.entries(settings).map(([flag, value]) => `  "${flag}" = "${value}"`);
  return `binary_name = "${layout.gvisor.bin}/runsc"
root = "${layout.root}/run/runsc"
[runsc_config]
${flags.join("\n")}
`;
}

/**
 * containerd 1.6 reads a started shim's address as plain text; gVisor's shim, built on
 * containerd 2's libraries, prints it as JSON. The task API is the same: this adapter passes
 * every call through and rewrites only that one line.
 */
export function shimAdapter(layout: ClusterLayout): string {
  const real = `${layout.gvisor.bin}/containerd-shim-runsc-v1`;
  return `#!/bin/sh
# Written by parity cluster up: containerd 1.6 expects the started shim's address as plain text.
last=""; for a in "$@"; do last="$a"; done
if [ "$last" = "start" ]; then
  out=$(${real} "$@") || exit $?
  printf '%s' "$out" | sed -n 's/.*"address":"\\([^"]*\\)".*/\\1/p'
else
  exec ${real} "$@"
fi
`;
}

/** The pod network: one bridge on the node, addresses from a private range; pods need no route out. */
export function cniConfig(layout: ClusterLayout): string {
  return `${JSON.stringify(
    {
      cniVersion: "1.0.0",
      name: "parity",
      plugins: [
        {
          type: "bridge",
          bridge: "parity0",
          isGateway: true,
          ipMasq: false,
          ipam: { type: "host-local", ranges: [[{ subnet: POD_SUBNET }]], dataDir: layout.cni.state },
        },
        { type: "loopback" },
      ],
    },
    null,
    2,
  )}\n`;
}

/** A kubeconfig for one identity of the cluster, with file references to its certificate and key. */
export function kubeconfig(layout: ClusterLayout, identity: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: parity-local
    cluster: { server: "${API_SERVER}", certificate-authority: "${layout.pki}/ca.crt" }
users:
  - name: ${identity}
    user: { client-certificate: "${layout.pki}/${identity}.crt", client-key: "${layout.pki}/${identity}.key" }
contexts:
  - name: parity-local
    context: { cluster: parity-local, user: ${identity} }
current-context: parity-local
`;
}

/**
 * The kubelet's configuration: cgroupfs on cgroup v1, client certificates and webhook
 * authorization (so that nodes/proxy goes through RBAC), no image garbage collection (the images
 * were imported, nothing can pull them again), eviction thresholds that a 2-vCPU VM's disk meets.
 */
export function kubeletConfig(layout: ClusterLayout): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: "${layout.pki}/ca.crt" }
authorization: { mode: Webhook }
cgroupDriver: cgroupfs
containerRuntimeEndpoint: "unix://${layout.socket}"
failSwapOn: false
address: ${NODE_IP}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
tlsCertFile: "${layout.pki}/kubelet.crt"
tlsPrivateKeyFile: "${layout.pki}/kubelet.key"
resolvConf: ""
clusterDomain: cluster.local
evictionHard: { "memory.available": "100Mi", "nodefs.available": "1%", "imagefs.available": "1%" }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
localStorageCapacityIsolation: false
`;
}

/** The identities the cluster's certificates are for: file name, common name (user) and group. */
export const IDENTITIES = [
  {
    name: "apiserver",
    cn: "kube-apiserver",
    sans: `IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc`,
  },
  { name: "apiserver-kubelet-client", cn: "kube-apiserver-kubelet-client", org: "system:masters" },
  { name: "admin", cn: "parity-admin", org: "system:masters" },
  { name: "controller-manager", cn: "system:kube-controller-manager" },
  { name: "scheduler", cn: "system:kube-scheduler" },
  { name: "kubelet", cn: `system:node:${NODE_NAME}`, org: "system:nodes", sans: `IP:${NODE_IP},DNS:${NODE_NAME}` },
  // Parity's own identity: only what `parity rbac` grants is bound to it.
  { name: "parity", cn: "parity" },
] as const;
