/**
 * What `parity cluster up` runs, pinned, and why each version. The machine it was chosen for:
 * Debian 12, a 6.x kernel with cgroup v1 (hybrid), 2 vCPUs, no KVM, no registry reachable.
 */
export const CLUSTER_VERSIONS = {
  /**
   * etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kubectl, built
   * from the Go module proxy. 1.34 is the newest release whose kubelet still starts on cgroup v1
   * without flags (1.35 makes `failCgroupV1` default to true); .4 is its newest patch served.
   */
  kubernetes: "v1.34.4",
  /**
   * The staging modules (k8s.io/api, k8s.io/client-go, …) at the release's matching v0.x tag:
   * k8s.io/kubernetes refers to them as `v0.0.0` with `./staging` paths, so a module that builds
   * its commands must replace each one.
   */
  staging: "v0.34.4",
  /**
   * gVisor's containerd shim and runsc, built together from gVisor's Go branch: Debian's runsc
   * (2022) ships no shim, and the shim and runsc must come from one release. This is the newest
   * commit the module proxy served on 2026-11-30; it also offers the systrap platform.
   */
  gvisor: "v0.0.0-20260905035102-160fafc42237",
  /**
   * How Parity builds it, bumped when that changes so that a cached build is not reused: 2 stamps
   * the version into runsc (`runsc --version`), which campaigns record.
   */
  gvisorBuild: 2,
  /** Debian 12's containerd 1.6 (CRI v1, cgroup v1), runc 1.1, etcd 3.4 and CNI plugins 1.1: used as packaged. */
  debianPackages: [
    "containerd",
    "runc",
    "etcd-server",
    "containernetworking-plugins",
    "debootstrap",
    "busybox-static",
    "openssl",
  ],
} as const;

/** The Kubernetes commands the cluster needs, as Go packages. */
export const KUBERNETES_COMMANDS = [
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubelet",
  "kubectl",
] as const;

/**
 * The staging modules of k8s.io/kubernetes v1.34 (its go.mod's `replace` block): each is
 * replaced by its published module at `CLUSTER_VERSIONS.staging`.
 */
export const KUBERNETES_STAGING_MODULES = [
  "api",
  "apiextensions-apiserver",
  "apimachinery",
  "apiserver",
  "cli-runtime",
  "client-go",
  "cloud-provider",
  "cluster-bootstrap",
  "code-generator",
  "component-base",
  "component-helpers",
  "controller-manager",
  "cri-api",
  "cri-client",
  "csi-translation-lib",
  "dynamic-resource-allocation",
  "endpointslice",
  "externaljwt",
  "kms",
  "kube-aggregator",
  "kube-controller-manager",
  "kube-proxy",
  "kube-scheduler",
  "kubectl",
  "kubelet",
  "metrics",
  "mount-utils",
  "pod-security-admission",
  "sample-apiserver",
  "sample-cli-plugin",
  "sample-controller",
] as const;

/** The single node's name: fixed, so that nothing about this machine reaches the results. */
export const NODE_NAME = "parity-node";

/** Images imported into containerd (no registry): the benchmark workload and the pod sandbox. */
export const IMAGES = {
  workload: "parity.local/parity-workload:0.1.0",
  pause: "parity.local/pause:1",
} as const;
