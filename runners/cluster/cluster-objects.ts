import { rbacManifests } from "../targets/kubernetes/rbac.ts";
import { NODE_NAME } from "../toolchain/versions.ts";
import type { ClusterRuntime } from "./cluster-runtimes.ts";

/**
 * The namespace Parity's identity may use; Pod Security "restricted" is enforced there by the real
 * admission plugin.
 */
export const PARITY_NAMESPACE = "parity";
/**
 * The namespace for guides that need real-time scheduling (jitter: root with CAP_SYS_NICE), which
 * "restricted" refuses.
 */
export const REALTIME_NAMESPACE = "parity-realtime";
export const STORAGE_CLASS = "parity-local";
/** Local volumes per storage mode: each run claims one, and the recycler frees it once the claim is gone. */
export const VOLUMES_PER_MODE = 4;
/** Each volume's size: twice the I/O guide's default working set. */
export const VOLUME_GIB = 2;

const managed = { "app.kubernetes.io/managed-by": "parity-cluster" };

/** One local volume of the node, for a claim of either mode: a folder (Filesystem) or a loop device (Block). */
export function localVolume(mode: "Filesystem" | "Block", index: number, path: string): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name: `parity-${mode.toLowerCase()}-${index}`,
      labels: { ...managed, "parity/local-volume": mode.toLowerCase() },
    },
    spec: {
      capacity: { storage: `${VOLUME_GIB}Gi` },
      volumeMode: mode,
      accessModes: ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: STORAGE_CLASS,
      local: { path },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [NODE_NAME] }] },
          ],
        },
      },
    },
  };
}

/**
 * What the cluster holds before any campaign: a RuntimeClass per runtime besides runc (gVisor and its
 * setting runtimes), the storage class of the local volumes, Parity's namespaces (restricted;
 * privileged for the real-time guide) and Parity's least-privilege permissions
 * (`parity rbac`, nodes/proxy included: this is a test cluster) bound to its own user.
 */
export function clusterObjects(runtimes: readonly ClusterRuntime[]): Record<string, unknown>[] {
  const subject = [{ kind: "User", name: "parity", apiGroup: "rbac.authorization.k8s.io" }];
  const roles = rbacManifests(PARITY_NAMESPACE);
  const realtimeRole = rbacManifests(REALTIME_NAMESPACE).filter((o) => o.kind === "Role");
  return [
    ...runtimes.map((r) => ({
      apiVersion: "node.k8s.io/v1",
      kind: "RuntimeClass",
      metadata: { name: r.runtimeClass, labels: managed },
      handler: r.handler,
    })),
    {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: STORAGE_CLASS, labels: managed },
      provisioner: "kubernetes.io/no-provisioner",
      volumeBindingMode: "WaitForFirstConsumer",
    },
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: PARITY_NAMESPACE,
        labels: {
          ...managed,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: REALTIME_NAMESPACE,
        labels: {
          ...managed,
          "pod-security.kubernetes.io/enforce": "privileged",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    // Created here rather than left to the controller-manager, so that pods can be created as soon
    // as `cluster up` returns.
    ...[PARITY_NAMESPACE, REALTIME_NAMESPACE].map((namespace) => ({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace },
      automountServiceAccountToken: false,
    })),
    ...roles,
    ...realtimeRole,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "parity-runner-kubelet-metrics", labels: managed },
      rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "parity-runner", labels: managed },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "parity-runner" },
      subjects: subject,
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "parity-runner-kubelet-metrics", labels: managed },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "parity-runner-kubelet-metrics" },
      subjects: subject,
    },
    ...[PARITY_NAMESPACE, REALTIME_NAMESPACE].map((namespace) => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "parity-runner", namespace, labels: managed },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "parity-runner" },
      subjects: subject,
    })),
  ];
}
