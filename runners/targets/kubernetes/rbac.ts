/**
 * The permissions Parity uses on a cluster, and nothing more. `parity rbac` prints them;
 * `parity doctor` checks each one with a SelfSubjectAccessReview.
 */
export interface Permission {
  group: string;
  resource: string;
  verbs: string[];
  /** Cluster-scoped resources need a ClusterRole; the rest live in the campaign namespace. */
  scope: "cluster" | "namespace";
  why: string;
  /** Not in the printed Role: it grants far more than Parity needs; Parity does without it and says so. */
  optional?: boolean;
}

export const PERMISSIONS: Permission[] = [
  {
    group: "",
    resource: "pods",
    verbs: ["create", "get", "list", "watch", "delete", "deletecollection"],
    scope: "namespace",
    why: "one pod per run, followed with a watch, deleted after the run and on Ctrl-C",
  },
  { group: "", resource: "pods/log", verbs: ["get"], scope: "namespace", why: "read what the workload printed" },
  {
    group: "",
    resource: "events",
    verbs: ["list"],
    scope: "namespace",
    why:
      "the startup guide reads each pod's Scheduled event (microsecond time) and its image-pull events (samples " +
      "with a pull are excluded)",
  },
  {
    group: "",
    resource: "persistentvolumeclaims",
    verbs: ["create", "get", "delete", "deletecollection"],
    scope: "namespace",
    why: "the I/O guide's scratch volume, one claim per run, Block or Filesystem",
  },
  {
    group: "",
    resource: "namespaces",
    verbs: ["create", "get", "delete"],
    scope: "cluster",
    why: "the campaign's own parity-<campaign> namespace (not needed with --namespace)",
  },
  {
    group: "",
    resource: "nodes",
    verbs: ["get", "list"],
    scope: "cluster",
    why: "node facts (kernel, runtime and kubelet versions, instance type, region) and readiness",
  },
  {
    group: "node.k8s.io",
    resource: "runtimeclasses",
    verbs: ["get"],
    scope: "cluster",
    why: "check that each runtime's RuntimeClass exists and record its handler",
  },
  {
    group: "",
    resource: "nodes/proxy",
    verbs: ["get"],
    scope: "cluster",
    optional: true,
    why:
      "the startup guide's primary metric, the kubelet's timing of the CRI calls that start each pod (startup " +
      "then falls back to the watch's creation → running); nodes/proxy reaches the whole kubelet API, so grant it " +
      "only on a test cluster",
  },
  {
    group: "authorization.k8s.io",
    resource: "selfsubjectaccessreviews",
    verbs: ["create"],
    scope: "cluster",
    why: "parity doctor checks these permissions",
  },
];

function rules(scope: Permission["scope"]) {
  return PERMISSIONS.filter((p) => p.scope === scope && !p.optional).map((p) => ({
    apiGroups: [p.group],
    resources: [p.resource],
    verbs: p.verbs,
  }));
}

/** A ClusterRole (cluster-scoped reads and the namespace) and a Role to bind in the campaign namespace. */
export function rbacManifests(namespace: string): Record<string, unknown>[] {
  const labels = { "app.kubernetes.io/managed-by": "parity" };
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "parity-runner", labels },
      rules: rules("cluster"),
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "parity-runner", namespace, labels },
      rules: rules("namespace"),
    },
  ];
}
