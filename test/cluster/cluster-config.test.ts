import { describe, expect, it } from "vitest";
import {
  clusterObjects,
  localVolume,
  PARITY_NAMESPACE,
  REALTIME_NAMESPACE,
} from "../../runners/cluster/cluster-objects.ts";
import { clusterRuntimes } from "../../runners/cluster/cluster-runtimes.ts";
import {
  baseRuntimeSpec,
  containerdConfig,
  kubeconfig,
  MEMLOCK_BYTES,
  runscConfig,
  runscConfigPath,
  shimAdapter,
} from "../../runners/cluster/config-files.ts";
import { clusterLayout } from "../../runners/cluster/layout.ts";
import { rbacManifests } from "../../runners/targets/kubernetes/rbac.ts";
import { gvisorRuntimes } from "../../runners/targets/local/gvisor-settings.ts";
import { kubernetesGoMod } from "../../runners/toolchain/go-build.ts";
import { KUBERNETES_STAGING_MODULES } from "../../runners/toolchain/versions.ts";

const layout = clusterLayout({ PARITY_CACHE: "/cache", PARITY_CLUSTER_ROOT: "/root-of-cluster" });

describe("the local cluster's build and configuration", () => {
  it("builds Kubernetes with every staging module replaced by its published tag", () => {
    const mod = kubernetesGoMod();
    expect(mod).toContain("require k8s.io/kubernetes v1.34.4");
    for (const m of KUBERNETES_STAGING_MODULES) expect(mod).toContain(`\tk8s.io/${m} => k8s.io/${m} v0.34.4\n`);
    expect(mod.match(/=>/g)).toHaveLength(KUBERNETES_STAGING_MODULES.length);
  });

  it("caches builds by version and keeps the cluster's state apart", () => {
    expect(layout.kubernetes.bin).toBe("/cache/kubernetes-v1.34.4/bin");
    expect(layout.gvisor.bin).toMatch(/^\/cache\/gvisor-v0\.0\.0-\d{14}-[0-9a-f]{12}-build\d+\/bin$/);
    expect(layout.kubeconfig.startsWith("/root-of-cluster/")).toBe(true);
  });

  it(
    "gives containerd runc by default and gVisor's shim as the runsc handler, with OOM scores kept at " +
      "containerd's",
    () => {
      const toml = containerdConfig(layout, clusterRuntimes("systrap"));
      expect(toml).toMatch(/default_runtime_name = "runc"/);
      expect(toml).toMatch(/runtimes\.runsc\]\n\s+runtime_type = "io\.containerd\.runsc\.v1"/);
      expect(toml).toContain("restrict_oom_score_adj = true");
      expect(toml).toContain(`base_runtime_spec = "${layout.containerd.baseSpec}"`);
      expect(toml).toContain('sandbox_image = "parity.local/pause:1"');
    },
  );

  it("offers each gVisor runtime of the local target as a handler with its settings, by RuntimeClass", () => {
    const runtimes = clusterRuntimes("systrap");
    const toml = containerdConfig(layout, runtimes);
    // Each gVisor runtime of runners/targets/local/gvisor-settings.yaml: a handler, a settings file, a RuntimeClass.
    const classes = clusterObjects(runtimes).filter((o) => o.kind === "RuntimeClass") as Array<Record<string, any>>;
    expect(classes.map((c) => [c.metadata.name, c.handler])).toEqual([
      ...gvisorRuntimes.map((v) => [v.name, v.name === "gvisor" ? "runsc" : `runsc-${v.name.slice(7)}`]),
    ]);
    for (const r of runtimes) {
      expect(toml).toContain(`ConfigPath = "${runscConfigPath(layout, r.handler)}"`);
      const settings = runscConfig(layout, r.settings);
      for (const [flag, value] of Object.entries(r.settings)) expect(settings).toContain(`"${flag}" = "${value}"`);
    }
    expect(runtimes.find((r) => r.runtimeClass === "gvisor-ptrace")).toMatchObject({
      settings: { platform: "ptrace" },
    });
    expect(runtimes.find((r) => r.runtimeClass === "gvisor-gofer")).toMatchObject({ settings: { directfs: "false" } });
  });

  it("states RLIMIT_MEMLOCK for both runtimes in the base spec, replacing any default", () => {
    const spec = JSON.parse(
      baseRuntimeSpec({
        process: {
          rlimits: [
            { type: "RLIMIT_NOFILE", hard: 1024, soft: 1024 },
            { type: "RLIMIT_MEMLOCK", hard: 65536, soft: 65536 },
          ],
        },
      }),
    );
    expect(spec.process.rlimits).toEqual([
      { type: "RLIMIT_NOFILE", hard: 1024, soft: 1024 },
      { type: "RLIMIT_MEMLOCK", hard: MEMLOCK_BYTES, soft: MEMLOCK_BYTES },
    ]);
  });

  it("adapts only the shim's start answer, passing every other call straight through", () => {
    const script = shimAdapter(layout);
    expect(script).toContain(`exec ${layout.gvisor.bin}/containerd-shim-runsc-v1 "$@"`);
    expect(script).toMatch(/if \[ "\$last" = "start" \]/);
  });

  it("writes kubeconfigs that point at files, never at inline credentials", () => {
    const text = kubeconfig(layout, "parity");
    expect(text).toContain(`client-key: "${layout.pki}/parity.key"`);
    expect(text).not.toMatch(/-data:/);
  });

  it(
    "binds Parity's user to exactly `parity rbac`'s rules (plus nodes/proxy), never to cluster-admin, and enforces " +
      "restricted",
    () => {
      const objects = clusterObjects(clusterRuntimes("systrap")) as Array<Record<string, any>>;
      const bindings = objects.filter((o) => o.kind.endsWith("Binding"));
      expect(
        bindings.every(
          (b) => b.subjects.length === 1 && b.subjects[0].kind === "User" && b.subjects[0].name === "parity",
        ),
      ).toBe(true);
      expect(bindings.map((b) => b.roleRef.name)).not.toContain("cluster-admin");
      const printed = rbacManifests(PARITY_NAMESPACE) as Array<Record<string, any>>;
      const role = objects.find((o) => o.kind === "Role" && o.metadata.namespace === PARITY_NAMESPACE);
      expect(role?.rules).toEqual(printed.find((o) => o.kind === "Role")!.rules);
      const ns = (name: string) =>
        objects.find((o) => o.kind === "Namespace" && o.metadata.name === name)!.metadata.labels;
      expect(ns(PARITY_NAMESPACE)["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      expect(ns(REALTIME_NAMESPACE)["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    },
  );

  it("offers local volumes of both modes, bound to the one node", () => {
    const block = localVolume("Block", 0, "/dev/loop7") as Record<string, any>;
    expect(block.spec).toMatchObject({
      volumeMode: "Block",
      local: { path: "/dev/loop7" },
      storageClassName: "parity-local",
      persistentVolumeReclaimPolicy: "Retain",
    });
    expect(block.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(["parity-node"]);
  });
});
