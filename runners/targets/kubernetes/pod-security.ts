/**
 * The Pod Security Standards "restricted" profile, as documented by Kubernetes
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), checked on a pod
 * manifest. Returns one sentence per violation; none means the API server's `restricted`
 * admission would accept the pod.
 */
// biome-ignore lint/suspicious/noExplicitAny: API objects arrive as plain JSON; each field is checked where it is read
type Obj = Record<string, any>;

const ALLOWED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

export function restrictedViolations(pod: Obj): string[] {
  const v: string[] = [];
  const spec: Obj = pod.spec ?? {};
  const podSc: Obj = spec.securityContext ?? {};
  const containers: Obj[] = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  // Baseline
  for (const key of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[key]) v.push(`spec.${key} must not be true`);
  if (podSc.windowsOptions?.hostProcess) v.push("spec.securityContext.windowsOptions.hostProcess must not be true");
  for (const vol of spec.volumes ?? []) {
    const type = Object.keys(vol).find((k) => k !== "name");
    if (type === "hostPath") v.push(`volume ${vol.name} must not be a hostPath`);
    else if (type && !ALLOWED_VOLUMES.includes(type))
      v.push(`volume ${vol.name} has type ${type}, not allowed by restricted`);
  }
  for (const s of podSc.sysctls ?? [])
    if (!SAFE_SYSCTLS.includes(s.name)) v.push(`sysctl ${s.name} is not in the safe set`);
  const podSeccomp = podSc.seccompProfile?.type;
  if (podSeccomp === "Unconfined") v.push("spec.securityContext.seccompProfile.type must not be Unconfined");
  for (const c of containers) {
    const sc: Obj = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) v.push(`${where}: privileged must not be true`);
    if (sc.windowsOptions?.hostProcess) v.push(`${where}: hostProcess must not be true`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`${where}: hostPort ${p.hostPort} is not allowed`);
    if (sc.procMount && sc.procMount !== "Default") v.push(`${where}: procMount must be Default`);
    if (sc.appArmorProfile?.type === "Unconfined") v.push(`${where}: AppArmor must not be Unconfined`);
    // Restricted
    if (sc.allowPrivilegeEscalation !== false)
      v.push(`${where}: securityContext.allowPrivilegeEscalation must be false`);
    const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    if (runAsNonRoot !== true) v.push(`${where}: runAsNonRoot must be true (pod or container)`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) v.push(`${where}: runAsUser must not be 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
      v.push(`${where}: seccompProfile.type must be RuntimeDefault or Localhost (pod or container)`);
    const caps: Obj = sc.capabilities ?? {};
    if (!(caps.drop ?? []).includes("ALL")) v.push(`${where}: capabilities.drop must include ALL`);
    for (const add of caps.add ?? [])
      if (add !== "NET_BIND_SERVICE") v.push(`${where}: capability ${add} may not be added`);
  }
  return v;
}
