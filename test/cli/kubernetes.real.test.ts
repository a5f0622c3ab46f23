/**
 * `parity run --target kubernetes` and `parity doctor` as a user types them, against the
 * in-process API server (test/helpers/fake-kube-api.ts): not a cluster run.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";
import { FakeKubeApi } from "../helpers/fake-kube-api.ts";

const IMAGE = "registry.example/parity-workload:0.1.0";
let dir: string;
let api: FakeKubeApi;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parity-cli-k8s-"));
  await writeFile(
    join(dir, "runtimes.yaml"),
    "runtimes:\n  - name: runc\n    isolation: container\n    node: { selector: { parity/runtime: runc } }\n    " +
      'resources: { cpu: "2", memory: 1Gi }\n  - name: edera\n    isolation: vm\n    runtimeClassName: edera\n    ' +
      "vcpuAnnotation: dev.edera/cpu\n    node: { selector: { parity/runtime: edera } }\n    resources: { cpu: " +
      '"2", memory: 1Gi }\n',
  );
  api = await new FakeKubeApi({
    nodes: [
      { name: "node-a", labels: { "parity/runtime": "runc" }, kernelVersion: release(), images: [IMAGE] },
      { name: "node-b", labels: { "parity/runtime": "edera" }, kernelVersion: "6.12.40-node-kernel", images: [IMAGE] },
    ],
    runtimeClasses: { edera: { handler: "edera" } },
  }).start();
});

afterAll(async () => {
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("parity on the kubernetes target (in-process API server)", () => {
  it("doctor reports a ready cluster", async () => {
    const r = await parity([
      "doctor",
      "--kubeconfig",
      api.kubeconfig,
      "--profiles",
      join(dir, "runtimes.yaml"),
      "--runtimes",
      "runc,edera",
      "--image",
      IMAGE,
    ]);
    expect(r.stdout).toContain("✓ RuntimeClass edera exists (handler edera)");
    expect(r.stdout).toContain("Ready for a campaign.");
    expect(r.code).toBe(0);
  });

  it("run --target kubernetes writes a campaign with node facts and show prints it", async () => {
    const data = join(dir, "data");
    const r = await parity([
      "run",
      "cpu",
      "--target",
      "kubernetes",
      "--kubeconfig",
      api.kubeconfig,
      "--profiles",
      join(dir, "runtimes.yaml"),
      "--image",
      IMAGE,
      "--quick",
      "--runs",
      "2",
      "--campaign",
      "k8s-cli",
      "--data",
      data,
    ]);
    expect(r.stderr).toContain("Campaign k8s-cli complete");
    expect(r.code).toBe(0);
    const shown = await parity(["show", "k8s-cli", "--verbose", "--data", data]);
    expect(shown.stdout).toMatch(/Target: a Kubernetes cluster, one node per runtime/);
    expect(shown.stdout).toMatch(
      new RegExp(
        String.raw`Host \(edera\): Amazon Linux 2023, kernel 6\.12\.40-node-kernel, c6i\.4xlarge in us-west-2,` +
          String.raw` .*RuntimeClass edera \(handler edera\)`,
      ),
    );
    expect(shown.stdout).toMatch(/edera\s+2\s+[\d.]+ \[[\d.]+, [\d.]+\]/);
    expect([...api.pods.keys()]).toEqual([]);
    expect([...api.namespaces.keys()]).toEqual([]);
  });

  it("a wrong kubeconfig context is named with the known ones", async () => {
    const r = await parity(["doctor", "--kubeconfig", api.kubeconfig, "--context", "prod"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No context "prod" in the kubeconfig. Next step: pick one of its contexts: fake.');
  });
});

describe("names Kubernetes would refuse", () => {
  it.each([
    [
      ["manifests", "cpu", "--runtime", "runc", "--image", "x", "--namespace", "Bad_NS"],
      /namespace "Bad_NS" is not a name Kubernetes accepts/,
    ],
    [
      ["manifests", "cpu", "--runtime", "runc", "--image", "x", "--node", "node;rm -rf"],
      /node "node;rm -rf" is not a name Kubernetes accepts/,
    ],
    [
      ["manifests", "cpu", "--runtime", "runc", "--image", "x", "--campaign", "a.b"],
      /campaign "a\.b" is not a name Kubernetes accepts\. Next step: use .*no dots/,
    ],
    [["rbac", "--namespace", "x".repeat(70)], /namespace "x+" is not a name Kubernetes accepts/],
  ])("%j is refused before anything is printed", async (args, message) => {
    const r = await parity(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});
