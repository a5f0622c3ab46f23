/**
 * The Kubernetes target against an in-process API server (test/helpers/fake-kube-api.ts)
 * through the real @kubernetes/client-node. NOT a cluster run: the "kubelet" is scripted and,
 * by default, runs each pod's command on this machine. Node kernels are chosen so that the
 * placement checks see what they would on a real cluster.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isParityError, type ParityError } from "../../../runners/core/errors.ts";
import { createProgress } from "../../../runners/run/progress.ts";
import { runCampaign, type CampaignOptions } from "../../../runners/run/run-campaign.ts";
import { CampaignSchema } from "../../../runners/schemas/campaign.ts";
import { CampaignStore } from "../../../runners/store/campaign-store.ts";
import { doctor } from "../../../runners/targets/kubernetes/doctor.ts";
import { KubeClient } from "../../../runners/targets/kubernetes/kube-client.ts";
import { KubernetesTarget } from "../../../runners/targets/kubernetes/kubernetes-target.ts";
import { loadProfiles } from "../../../runners/targets/kubernetes/load-profiles.ts";
import { FakeKubeApi, runForReal, type FakeOptions, type KubeletScript } from "../../helpers/fake-kube-api.ts";

const IMAGE = "registry.example/parity-workload:0.1.0";
const PROFILES = `runtimes:
  - name: runc
    isolation: container
    node: { selector: { parity/runtime: runc } }
    resources: { cpu: "2", memory: 1Gi }
  - name: edera
    isolation: vm
    runtimeClassName: edera
    vcpuAnnotation: dev.edera/cpu
    node: { selector: { parity/runtime: edera } }
    resources: { cpu: "2", memory: 1Gi }
  - name: gvisor
    isolation: user-kernel
    runtimeClassName: gvisor
    node: { selector: { parity/runtime: gvisor } }
    resources: { cpu: "2", memory: 1Gi }
`;
// The workload runs on this machine, so it sees this kernel: the runc node must report it too,
// and the VM node another one (its guest kernel is then "its own").
const NODES: FakeOptions["nodes"] = [
  { name: "ip-10-0-1-11.us-west-2.compute.internal", labels: { "parity/runtime": "runc" }, kernelVersion: release(), images: [IMAGE] },
  { name: "ip-10-0-1-12.us-west-2.compute.internal", labels: { "parity/runtime": "edera" }, kernelVersion: "6.12.40-node-kernel", images: [IMAGE] },
];

let dir: string;
let api: FakeKubeApi | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "parity-k8s-"));
  await writeFile(join(dir, "runtimes.yaml"), PROFILES);
});
afterEach(async () => {
  await api?.stop();
  api = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function fake(options: Partial<FakeOptions> = {}): Promise<FakeKubeApi> {
  api = await new FakeKubeApi({ nodes: NODES, runtimeClasses: { edera: { handler: "edera" } }, ...options }).start();
  return api;
}

function options(over: Partial<CampaignOptions> = {}): CampaignOptions {
  return { id: "k1", guides: ["cpu"], runtimes: ["runc", "edera"], baseline: "runc", runs: 2, quick: true, allowOversubscribe: false, noiseFloor: false, thresholdPercent: 5, force: false, ...over };
}

async function campaign(server: FakeKubeApi, over: Partial<CampaignOptions> = {}, signal = new AbortController().signal) {
  const kube = await KubeClient.load({ kubeconfig: server.kubeconfig });
  (kube as { baseDelayMs: number }).baseDelayMs = 10;
  const target = new KubernetesTarget({ kube, profiles: await loadProfiles(join(dir, "runtimes.yaml")), campaign: over.id ?? "k1", image: IMAGE, podTimeoutSeconds: 60 });
  const store = new CampaignStore(join(dir, "campaigns"));
  const progress = createProgress({ estimates: [1, 1, 1, 1], mode: "plain", write: () => {} });
  const error = await runCampaign(options(over), { target, store, progress, signal, parity: { version: "test" } }).then(() => undefined, (e: unknown) => e as ParityError);
  return { error, store, target };
}

function expectNothingLeft(server: FakeKubeApi) {
  expect([...server.pods.keys()]).toEqual([]);
  expect([...server.namespaces.keys()]).toEqual([]);
}

describe("Kubernetes target (in-process API server, real client library)", () => {
  it("runs a campaign: one pod per run on its runtime's node, facts from the API, nothing left behind", async () => {
    const server = await fake();
    const { error, store } = await campaign(server);
    expect(error).toBeUndefined();
    const c = await store.readCampaign("k1");
    expect(c).toMatchObject({ status: "complete", target: { kind: "kubernetes" }, runtimes: ["runc", "edera"] });
    const edera = c.hosts.find((h) => h.role === "edera")!;
    expect(edera.kubernetes).toMatchObject({ instanceType: "c6i.4xlarge", region: "us-west-2", runtimeClassName: "edera", runtimeClassHandler: "edera", kubeletVersion: "v1.33.1" });
    expect(edera.kernel).toBe("6.12.40-node-kernel");
    const cpu = await store.readGuide("k1", "cpu");
    expect(cpu.measurements).toHaveLength(4);
    for (const m of cpu.measurements) {
      expect(m.metrics.eventsPerSecond).toBeGreaterThan(0);
      expect(m.steps[0]!.imageDigest).toBe(`sha256:${"ab".repeat(32)}`);
    }
    // Two probe pods, then four run pods, each followed with a watch; all deleted.
    expect(server.created).toHaveLength(6);
    expect(server.created).toContain("parity-k1-cpu-edera-2");
    expect(server.requests.some((r) => r.endsWith("/pods (watch)"))).toBe(true);
    expectNothingLeft(server);
    // No server address, node name or credential in any file of the campaign.
    for (const file of await readdir(join(dir, "campaigns", "k1"), { recursive: true })) {
      if (!/\.(json|log)$/.test(file)) continue;
      const text = await readFile(join(dir, "campaigns", "k1", file), "utf8");
      expect(text).not.toContain("127.0.0.1");
      expect(text).not.toContain("fake-token-for-tests");
      expect(text).not.toContain("compute.internal");
    }
  });

  it("fails a VM guest that sees fewer vCPUs than requested, naming the annotation", async () => {
    const nodes = NODES.map((n) => (n.labels?.["parity/runtime"] === "edera" ? { ...n, cpus: "0" } : n));
    const server = await fake({ nodes });
    const { error } = await campaign(server);
    expect(isParityError(error, "UNDERSIZED")).toBe(true);
    expect(error!.message).toMatch(/Runtime "edera" requested 2 vCPUs \(resources.cpu 2\) but the workload sees 1\..*dev\.edera\/cpu="2"/s);
    expectNothingLeft(server);
  });

  it("rejects a sandboxed runtime whose guest shows the node's own kernel", async () => {
    const nodes = NODES.map((n) => ({ ...n, kernelVersion: release() }));
    const server = await fake({ nodes });
    const { error } = await campaign(server);
    expect(isParityError(error, "WRONG_PLACE")).toBe(true);
    expect(error!.message).toMatch(/"edera" did not run where it claims: a sandboxed runtime should show a kernel of its own/);
  });

  it("rejects a runc run that landed inside a VM guest", async () => {
    const nodes = NODES.map((n) => ({ ...n, kernelVersion: "6.12.40-node-kernel" }));
    const server = await fake({ nodes });
    const { error } = await campaign(server, { runtimes: ["runc"] });
    expect(error!.message).toMatch(/"runc" did not run where it claims: a container shares the kernel of its host \(6\.12\.40-node-kernel\).*inside a VM guest/);
  });

  it("names a RuntimeClass that does not exist", async () => {
    const server = await fake({ runtimeClasses: {} });
    const { error } = await campaign(server);
    expect(error!.message).toBe('RuntimeClass "edera" of runtime "edera" does not exist on this cluster. Install the runtime and its RuntimeClass, or fix runtimeClassName in the profiles file.');
    expect(server.created).toEqual([]);
  });

  it("names a missing node and the label to set", async () => {
    const server = await fake({ runtimeClasses: { edera: { handler: "edera" }, gvisor: { handler: "runsc" } } });
    const { error } = await campaign(server, { runtimes: ["runc", "gvisor"], baseline: "runc" });
    expect(error!.message).toBe('No node matches the selector parity/runtime=gvisor of runtime "gvisor". Label the node that runs it: kubectl label node NODE parity/runtime=gvisor');
    expect(server.created).toEqual([]);
  });

  const stuck: Array<[string, KubeletScript, RegExp]> = [
    ["Unschedulable", async (_pod, k) => k.update((p) => p.status.conditions.push({ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available: 2 Insufficient cpu." })), /Unschedulable \(0\/2 nodes are available: 2 Insufficient cpu\.\)\. Next step: check the runtime's node selector/],
    ["ImagePullBackOff", async (_pod, k) => k.update((p) => { p.status.containerStatuses = [{ name: "workload", state: { waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "registry.example/parity-workload:0.1.0"' } } }]; }), /ImagePullBackOff .*Next step: check --image/],
    ["OOMKilled", async (_pod, k) => k.update((p) => { p.status.phase = "Failed"; p.status.containerStatuses = [{ name: "workload", state: { terminated: { exitCode: 137, reason: "OOMKilled" } } }]; }), /OOMKilled .*raise resources\.memory/],
    ["Evicted", async (_pod, k) => k.update((p) => { p.status.phase = "Failed"; p.status.reason = "Evicted"; p.status.message = "The node was low on resource: memory."; }), /Evicted \(The node was low on resource: memory\.\)/],
    ["CrashLoopBackOff", async (_pod, k) => k.update((p) => { p.status.containerStatuses = [{ name: "workload", state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container" } } }]; }), /CrashLoopBackOff/],
  ];
  for (const [reason, script, message] of stuck) {
    it(`fails a run whose pod is stuck (${reason}) within a bounded time, naming pod and reason`, async () => {
      const server = await fake({ kubelet: script });
      const started = Date.now();
      const { error } = await campaign(server);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(isParityError(error, "POD_FAILED")).toBe(true);
      expect(error!.message).toMatch(/^Pod parity-k1-probe-runc-0 of runtime "runc" on its node cannot run: /);
      expect(error!.message).toMatch(message);
      expectNothingLeft(server);
    });
  }

  it("retries 429 and 5xx answers with backoff", async () => {
    const server = await fake({ failCreates: { count: 3, code: 503 } });
    const { error } = await campaign(server, { runtimes: ["runc"], runs: 1 });
    expect(error).toBeUndefined();
    expect(server.requests.filter((r) => r === "POST /api/v1/namespaces/parity-k1/pods").length).toBe(2 + 3);
  });

  it("resumes a dropped watch without missing the pod's end", async () => {
    const server = await fake({ dropWatchAfter: 1 });
    const { error, store } = await campaign(server, { runtimes: ["runc"], runs: 1 });
    expect(error).toBeUndefined();
    expect((await store.readGuide("k1", "cpu")).measurements).toHaveLength(1);
    expect(server.requests.filter((r) => r.endsWith("(watch)")).length).toBeGreaterThan(2);
  });

  it("on Ctrl-C deletes its pods and namespace, keeps the campaign as partial, and --resume completes it", async () => {
    // The kubelet holds the third pod (the second run) until the test has pressed Ctrl-C.
    let seen = 0;
    const controller = new AbortController();
    const holding: KubeletScript = async (pod, k) => {
      if (++seen === 3) {
        controller.abort();
        return;
      }
      await runForReal(pod, k);
    };
    const server = await fake({ kubelet: holding });
    const first = await campaign(server, { runtimes: ["runc"], runs: 3 }, controller.signal);
    expect(isParityError(first.error, "INTERRUPTED")).toBe(true);
    expectNothingLeft(server);
    const partial = CampaignSchema.parse(JSON.parse(await readFile(join(dir, "campaigns", "k1", "campaign.json"), "utf8")));
    expect(partial).toMatchObject({ status: "partial", interruption: "interrupted (Ctrl-C or SIGTERM)" });
    expect((await first.store.readGuide("k1", "cpu")).measurements).toHaveLength(1);

    await api!.stop();
    const again = await fake();
    const resumed = await campaign(again, { runtimes: ["runc"], runs: 3, resume: true });
    expect(resumed.error).toBeUndefined();
    const done = await resumed.store.readCampaign("k1");
    expect(done.status).toBe("complete");
    expect(done.interruption).toBeUndefined();
    expect((await resumed.store.readGuide("k1", "cpu")).measurements.map((m) => m.run)).toEqual([1, 2, 3]);
    // Only the probe and the two missing runs were created on the second pass.
    expect(again.created).toEqual(["parity-k1-probe-runc-0", "parity-k1-cpu-runc-2", "parity-k1-cpu-runc-3"]);
  });
});

describe("parity doctor (in-process API server)", () => {
  it("passes a ready cluster and names what to fix on a broken one", async () => {
    const server = await fake();
    const kube = await KubeClient.load({ kubeconfig: server.kubeconfig });
    const profiles = await loadProfiles(join(dir, "runtimes.yaml"));
    const ok = await doctor(kube, { profiles, runtimes: ["runc", "edera"], image: IMAGE, namespace: "parity" });
    expect(ok.filter((c) => !c.ok)).toEqual([]);
    expect(ok.map((c) => c.what)).toContain("RuntimeClass edera exists (handler edera)");
    await server.stop();

    api = await new FakeKubeApi({ nodes: [NODES[0]!], runtimeClasses: {}, denied: ["delete pods", "get pods/log"] }).start();
    const broken = await doctor(await KubeClient.load({ kubeconfig: api.kubeconfig }), { profiles, runtimes: ["runc", "edera"], image: "other/image:1", namespace: "parity" });
    const failed = broken.filter((c) => !c.ok).map((c) => `${c.severity}: ${c.what} → ${c.fix}`);
    expect(failed).toEqual([
      "warning: image other/image:1 is pre-pulled on the runc node → run one pod with the image on that node first (a pull would count in startup times)",
      "failure: RuntimeClass edera of edera exists → install edera and its RuntimeClass on the cluster",
      "failure: exactly one Ready node for edera (selector parity/runtime=edera): found 0 → label the node: kubectl label node NODE parity/runtime=edera",
      "failure: may delete pods in parity → grant it (parity rbac prints the Role and ClusterRole): one pod per run, followed with a watch, deleted after the run and on Ctrl-C",
      "failure: may get pods/log in parity → grant it (parity rbac prints the Role and ClusterRole): read what the workload printed",
    ]);
  });
});

describe("I/O guide on the Kubernetes target (in-process API server)", () => {
  it("runs fio through a Filesystem claim per run, records the path it wrote through, and deletes the claims", async () => {
    const server = await fake();
    const { error, store } = await campaign(server, { guides: ["io"], runtimes: ["runc"], runs: 1, storageModes: ["filesystem"] });
    expect(error).toBeUndefined();
    const io = await store.readGuide("k1", "io");
    expect(io.measurements).toHaveLength(1);
    const m = io.measurements[0]!;
    expect(m.variant).toBe("filesystem");
    expect(m.storage).toMatchObject({ mode: "filesystem", directIo: true });
    expect(m.metrics["randread-4k.iops"]).toBeGreaterThan(0);
    expect(server.createdClaims).toEqual(["parity-k1-io-runc-filesystem-1"]);
    expect([...server.claims.keys()]).toEqual([]);
    expectNothingLeft(server);
  });

  it("fails a run whose claim never binds, within a bounded time, and cleans up pod and claim", async () => {
    const server = await fake({ claimsBind: false });
    const started = Date.now();
    const { error } = await campaign(server, { guides: ["io"], runtimes: ["runc"], runs: 1, storageModes: ["block"] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isParityError(error, "POD_FAILED")).toBe(true);
    expect(error!.message).toMatch(/^Pod parity-k1-io-runc-block-1 of runtime "runc" on its node cannot run: Unschedulable \(0\/2 nodes are available: pod has unbound immediate PersistentVolumeClaims/);
    expect(error!.message).toMatch(/check --storage-class and that it provisions volumes/);
    expect([...server.claims.keys()]).toEqual([]);
    expectNothingLeft(server);
  });
});
