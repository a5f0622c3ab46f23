import { ClusterRole, Role } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { Namespace, PersistentVolumeClaim, Pod } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { wrapWithProbe } from "../../../runners/core/probe.ts";
import { guides } from "../../../runners/guides/index.ts";
import { RuntimeProfileSchema } from "../../../runners/schemas/runtime-profile.ts";
import { guideManifests } from "../../../runners/targets/kubernetes/guide-manifests.ts";
import { loadProfiles } from "../../../runners/targets/kubernetes/load-profiles.ts";
import {
  benchmarkPod,
  campaignNamespace,
  podName,
  sizingAnnotations,
} from "../../../runners/targets/kubernetes/pod-manifest.ts";
import { restrictedViolations } from "../../../runners/targets/kubernetes/pod-security.ts";
import { rbacManifests } from "../../../runners/targets/kubernetes/rbac.ts";
import { parity } from "../../helpers/cli.ts";

// Manifests are validated with kubernetes-models, whose validators are generated from the
// official Kubernetes OpenAPI schemas, and checked against the Pod Security "restricted" rules.
describe("generated manifests", async () => {
  const profiles = await loadProfiles();

  it("ships the four runtime profiles, valid against their schema", () => {
    expect(profiles.runtimes.map((r) => r.name)).toEqual(["runc", "edera", "kata", "gvisor"]);
  });

  for (const guide of guides.all()) {
    for (const profile of profiles.runtimes) {
      it(
        `${guide.id} on ${profile.name}: a valid Pod that passes the restricted ` +
          `profile${guide.realtime ? " but for SYS_NICE as root" : ""}`,
        () => {
          const params = guide.parameters.parse({}) as Record<string, unknown>;
          const pod = benchmarkPod({
            namespace: "parity-c1",
            campaign: "c1",
            guide: guide.id,
            runtime: profile.name,
            run: "aa-5",
            argv: wrapWithProbe(guide.steps[0]!.argv({ ...params, threads: 4 })),
            image: "registry.example/parity-workload:0.1.0",
            profile,
            activeDeadlineSeconds: 900,
            ...(guide.realtime ? { realtime: true } : {}),
          });
          expect(() => new Pod(pod as never).validate()).not.toThrow();
          // A real-time guide breaks exactly these rules, and nothing else.
          expect(restrictedViolations(pod)).toEqual(
            guide.realtime
              ? [
                  "container workload: runAsNonRoot must be true (pod or container)",
                  "container workload: runAsUser must not be 0",
                  "container workload: capability SYS_NICE may not be added",
                ]
              : [],
          );
          const meta = pod.metadata as { labels: Record<string, string>; annotations: Record<string, string> };
          expect(meta.labels).toMatchObject({
            "parity/campaign": "c1",
            "parity/guide": guide.id,
            "parity/runtime": profile.name,
            "parity/run": "aa-5",
          });
          if (profile.name === "edera") expect(meta.annotations["dev.edera/cpu"]).toBe("4");
          expect((pod.spec as { runtimeClassName?: string }).runtimeClassName).toBe(
            profile.runtimeClassName ?? undefined,
          );
        },
      );
    }
  }

  for (const mode of ["block", "filesystem"] as const) {
    it(`the I/O guide in ${mode} mode: a valid claim and a pod that uses it, still restricted`, () => {
      const docs = guideManifests(guides.get("io"), profiles.runtimes[1]!, {
        image: "registry.example/w:1",
        campaign: "c1",
        storageMode: mode,
        storageClass: "gp3",
      });
      expect(docs.map((d) => d.kind)).toEqual(["Namespace", "PersistentVolumeClaim", "Pod"]);
      expect(() => new PersistentVolumeClaim(docs[1] as never).validate()).not.toThrow();
      expect(() => new Pod(docs[2] as never).validate()).not.toThrow();
      expect(restrictedViolations(docs[2]!)).toEqual([]);
      const claim = docs[1] as { metadata: { name: string }; spec: { volumeMode: string; storageClassName: string } };
      expect(claim.spec).toMatchObject({
        volumeMode: mode === "block" ? "Block" : "Filesystem",
        storageClassName: "gp3",
      });
      const container = (
        docs[2] as { spec: { containers: Array<Record<string, any>>; volumes: Array<Record<string, any>> } }
      ).spec;
      expect(container.volumes.find((v) => v.name === "scratch")!.persistentVolumeClaim.claimName).toBe(
        claim.metadata.name,
      );
      if (mode === "block")
        expect(container.containers[0]!.volumeDevices).toEqual([{ name: "scratch", devicePath: "/dev/parity-block" }]);
      else expect(container.containers[0]!.volumeMounts).toContainEqual({ name: "scratch", mountPath: "/data" });
      expect(container.containers[0]!.command).toContain(
        mode === "block" ? "--filename=/dev/parity-block" : "--filename=/data/fio.dat",
      );
    });
  }

  it("the namespace and RBAC objects are valid", () => {
    expect(() => new Namespace(campaignNamespace("parity-c1", "c1") as never).validate()).not.toThrow();
    const [clusterRole, role] = rbacManifests("parity");
    expect(() => new ClusterRole(clusterRole as never).validate()).not.toThrow();
    expect(() => new Role(role as never).validate()).not.toThrow();
  });

  it(
    "a campaign with the jitter guide gets a namespace that admits SYS_NICE but still warns and audits against " +
      "restricted",
    () => {
      const docs = guideManifests(guides.get("jitter"), profiles.runtimes[0]!, {
        image: "registry.example/w:1",
        campaign: "c1",
      });
      const labels = (docs[0] as { metadata: { labels: Record<string, string> } }).metadata.labels;
      expect(labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "privileged",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
      });
      expect(() => new Namespace(docs[0] as never).validate()).not.toThrow();
      const container = (docs[1] as { spec: { containers: Array<{ securityContext: unknown }> } }).spec.containers[0]!;
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"], add: ["SYS_NICE"] },
      });
      const cpu = guideManifests(guides.get("cpu"), profiles.runtimes[0]!, {
        image: "registry.example/w:1",
        campaign: "c1",
      });
      expect(
        (cpu[0] as { metadata: { labels: Record<string, string> } }).metadata.labels[
          "pod-security.kubernetes.io/enforce"
        ],
      ).toBe("restricted");
    },
  );

  it("the restricted check catches what the API server would refuse", () => {
    const pod = {
      spec: {
        hostPID: true,
        volumes: [{ name: "h", hostPath: { path: "/" } }],
        containers: [{ name: "x", securityContext: { privileged: true, capabilities: { add: ["SYS_ADMIN"] } } }],
      },
    };
    expect(restrictedViolations(pod)).toEqual([
      "spec.hostPID must not be true",
      "volume h must not be a hostPath",
      "container x: privileged must not be true",
      "container x: securityContext.allowPrivilegeEscalation must be false",
      "container x: runAsNonRoot must be true (pod or container)",
      "container x: seccompProfile.type must be RuntimeDefault or Localhost (pod or container)",
      "container x: capabilities.drop must include ALL",
      "container x: capability SYS_ADMIN may not be added",
    ]);
  });

  it("sizes a VM guest from the requested resources", () => {
    const profile = RuntimeProfileSchema.parse({
      name: "vm",
      isolation: "vm",
      vcpuAnnotation: "a/cpu",
      memoryAnnotation: "a/mem",
      memoryAnnotationUnit: "MiB",
      node: { name: "n" },
      resources: { cpu: "3500m", memory: "2Gi" },
    });
    expect(sizingAnnotations(profile)).toEqual({ "a/cpu": "3", "a/mem": "2048" });
  });

  it("keeps pod names within 63 characters and unique", () => {
    const long = podName("a-very-long-campaign-identifier-for-release-v1-2-3", "memory", "edera", "aa-12");
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9-]+$/);
    expect(long).not.toBe(podName("a-very-long-campaign-identifier-for-release-v1-2-3", "memory", "edera", "aa-13"));
  });

  it("refuses a profile without a node, naming the field", () => {
    const r = RuntimeProfileSchema.safeParse({
      name: "x",
      isolation: "vm",
      node: {},
      resources: { cpu: "2", memory: "1Gi" },
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("give either node.name or node.selector");
  });
});

describe("parity manifests and parity rbac", () => {
  it("print YAML that kubectl apply would accept", async () => {
    const out = await parity([
      "manifests",
      "cpu",
      "--runtime",
      "edera",
      "--image",
      "registry.example/parity-workload:0.1.0",
    ]);
    expect(out.code).toBe(0);
    const docs = parseAllDocuments(out.stdout).map((d) => d.toJSON());
    expect(docs.map((d) => d.kind)).toEqual(["Namespace", "Pod"]);
    expect(() => new Pod(docs[1]).validate()).not.toThrow();
    expect(restrictedViolations(docs[1])).toEqual([]);
    expect(docs[1].spec.containers[0].command).toContain("--threads=4");
    const rbac = await parity(["rbac", "--namespace", "bench"]);
    const [cr, role] = parseAllDocuments(rbac.stdout).map((d) => d.toJSON());
    expect(() => new ClusterRole(cr).validate()).not.toThrow();
    expect(role.metadata.namespace).toBe("bench");
    expect(role.rules.find((r: { resources: string[] }) => r.resources[0] === "pods").verbs).toEqual([
      "create",
      "get",
      "list",
      "watch",
      "delete",
      "deletecollection",
    ]);
    expect(rbac.stdout).not.toMatch(/"\*"|- '\*'|- \*/);
  });

  it("name an unknown runtime", async () => {
    const out = await parity(["manifests", "cpu", "--runtime", "firecracker", "--image", "x"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      'Unknown runtime "firecracker" in the profiles. Next step: pick one of runc, edera, kata, gvisor.',
    );
  });
});
