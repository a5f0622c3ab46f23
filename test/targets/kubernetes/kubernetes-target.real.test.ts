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
import { isParityError } from "../../../runners/core/errors.ts";
import { guides } from "../../../runners/guides/index.ts";
import type { CampaignOptions } from "../../../runners/run/run-campaign.ts";
import { CampaignSchema } from "../../../runners/schemas/campaign.ts";
import { quantile } from "../../../runners/stats/descriptive.ts";
import { summarizeGuide } from "../../../runners/stats/summarize.ts";
import { checkCampaign } from "../../../runners/store/check.ts";
import { doctor } from "../../../runners/targets/kubernetes/doctor.ts";
import { KubeClient } from "../../../runners/targets/kubernetes/kube-client.ts";
import { loadProfiles } from "../../../runners/targets/kubernetes/load-profiles.ts";
import { FakeKubeApi, type FakeOptions, type KubeletScript, runForReal } from "../../helpers/fake-kube-api.ts";
import { type StartupTimings, startupKubelet } from "../../helpers/fake-kubelet.ts";
import { IMAGE, NODES, PROFILES, runKubeCampaign } from "../../helpers/kube-campaign.ts";

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

function campaign(
  server: FakeKubeApi,
  over: Partial<CampaignOptions> = {},
  signal = new AbortController().signal,
  targetOver: { readyTimeoutSeconds?: number } = {},
) {
  return runKubeCampaign(server, dir, over, signal, targetOver);
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
    expect(edera.kubernetes).toMatchObject({
      instanceType: "c6i.4xlarge",
      region: "us-west-2",
      runtimeClassName: "edera",
      runtimeClassHandler: "edera",
      kubeletVersion: "v1.33.1",
    });
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
    expect(error!.message).toMatch(
      /Runtime "edera" requested 2 vCPUs \(resources.cpu 2\) but the workload sees 1;.*dev\.edera\/cpu="2"/s,
    );
    expectNothingLeft(server);
  });

  it("rejects a sandboxed runtime whose guest shows the node's own kernel", async () => {
    const nodes = NODES.map((n) => ({ ...n, kernelVersion: release() }));
    const server = await fake({ nodes });
    const { error } = await campaign(server);
    expect(isParityError(error, "WRONG_PLACE")).toBe(true);
    expect(error!.message).toMatch(
      /"edera" did not run where it claims: a sandboxed runtime should show a kernel of its own/,
    );
  });

  it("rejects a runc run that landed inside a VM guest", async () => {
    const nodes = NODES.map((n) => ({ ...n, kernelVersion: "6.12.40-node-kernel" }));
    const server = await fake({ nodes });
    const { error } = await campaign(server, { runtimes: ["runc"] });
    expect(error!.message).toMatch(
      new RegExp(
        `"runc" did not run where it claims: a container shares the kernel of its host` +
          String.raw` \(6\.12\.40-node-kernel\).*inside a VM guest`,
      ),
    );
  });

  it("names a RuntimeClass that does not exist", async () => {
    const server = await fake({ runtimeClasses: {} });
    const { error } = await campaign(server);
    expect(error!.message).toBe(
      'RuntimeClass "edera" of runtime "edera" does not exist on this cluster. Next step: install the runtime and ' +
        "its " +
        "RuntimeClass, or fix runtimeClassName in the profiles file.",
    );
    expect(server.created).toEqual([]);
  });

  it("names a missing node and the label to set", async () => {
    const server = await fake({ runtimeClasses: { edera: { handler: "edera" }, gvisor: { handler: "runsc" } } });
    const { error } = await campaign(server, { runtimes: ["runc", "gvisor"], baseline: "runc" });
    expect(error!.message).toBe(
      'No node matches the selector parity/runtime=gvisor of runtime "gvisor". Next step: label the node that runs ' +
        "it (kubectl " +
        "label node NODE parity/runtime=gvisor).",
    );
    expect(server.created).toEqual([]);
  });

  const stuck: Array<[string, KubeletScript, RegExp]> = [
    [
      "Unschedulable",
      async (_pod, k) =>
        k.update((p) =>
          p.status.conditions.push({
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message: "0/2 nodes are available: 2 Insufficient cpu.",
          }),
        ),
      new RegExp(
        String.raw`Unschedulable \(0\/2 nodes are available: 2 Insufficient cpu\.\); the pod was deleted\. Next` +
          ` step: check the runtime's node selector`,
      ),
    ],
    [
      "ImagePullBackOff",
      async (_pod, k) =>
        k.update((p) => {
          p.status.containerStatuses = [
            {
              name: "workload",
              state: {
                waiting: {
                  reason: "ImagePullBackOff",
                  message: 'Back-off pulling image "registry.example/parity-workload:0.1.0"',
                },
              },
            },
          ];
        }),
      /ImagePullBackOff .*Next step: check --image/,
    ],
    [
      "OOMKilled",
      async (_pod, k) =>
        k.update((p) => {
          p.status.phase = "Failed";
          p.status.containerStatuses = [
            { name: "workload", state: { terminated: { exitCode: 137, reason: "OOMKilled" } } },
          ];
        }),
      /OOMKilled .*raise resources\.memory/,
    ],
    [
      "Evicted",
      async (_pod, k) =>
        k.update((p) => {
          p.status.phase = "Failed";
          p.status.reason = "Evicted";
          p.status.message = "The node was low on resource: memory.";
        }),
      /Evicted \(The node was low on resource: memory\.\)/,
    ],
    [
      "CrashLoopBackOff",
      async (_pod, k) =>
        k.update((p) => {
          p.status.containerStatuses = [
            {
              name: "workload",
              state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container" } },
            },
          ];
        }),
      /CrashLoopBackOff/,
    ],
  ];
  for (const [reason, script, message] of stuck) {
    it(`fails a run whose pod is stuck (${reason}) within a bounded time, naming pod and reason`, async () => {
      const server = await fake({ kubelet: script });
      const { error } = await campaign(server);
      expect(isParityError(error, "POD_FAILED")).toBe(true);
      expect(error!.message).toMatch(/^Pod parity-k1-probe-runc-0 of runtime "runc" on its node cannot run: /);
      expect(error!.message).toMatch(message);
      expectNothingLeft(server);
    });
  }

  it("stores no API server address or node name when the cluster goes away mid-campaign", async () => {
    let pods = 0;
    const server = await fake({
      kubelet: async (pod, k) => {
        // The probes' two pods run; the first measured run's pod loses the API server.
        if (++pods === 3) {
          api = undefined;
          await server.stop();
          return;
        }
        await runForReal(pod, k);
      },
    });
    const { error, store } = await campaign(server);
    expect(isParityError(error, "KUBERNETES_API")).toBe(true);
    expect(error!.message).toContain("127.0.0.1");
    const stored = JSON.stringify(await store.readCampaign("k1"));
    expect(stored).toMatch(/"interruption":"[^"]*<api-server>|"interruption":"[^"]*<address>/);
    expect(stored).not.toMatch(/127\.0\.0\.1|ip-10-0-1-\d+/);
    for (const file of await readdir(join(dir, "campaigns", "k1", "raw", "probe"))) {
      expect(await readFile(join(dir, "campaigns", "k1", "raw", "probe", file), "utf8")).not.toMatch(
        /127\.0\.0\.1|ip-10-0-1-\d+/,
      );
    }
  });

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
    const partial = CampaignSchema.parse(
      JSON.parse(await readFile(join(dir, "campaigns", "k1", "campaign.json"), "utf8")),
    );
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

    api = await new FakeKubeApi({
      nodes: [NODES[0]!],
      runtimeClasses: {},
      denied: ["delete pods", "get pods/log", "get nodes/proxy"],
    }).start();
    api.namespaces.set("parity", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "parity", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
    });
    const broken = await doctor(await KubeClient.load({ kubeconfig: api.kubeconfig }), {
      profiles,
      runtimes: ["runc", "edera"],
      image: "other/image:1",
      namespace: "parity",
    });
    const failed = broken.filter((c) => !c.ok).map((c) => `${c.severity}: ${c.what} → ${c.fix}`);
    expect(failed).toEqual([
      "warning: image other/image:1 is pre-pulled on the runc node → run one pod with the image on that node first " +
        "(a pull would count in startup times)",
      "failure: RuntimeClass edera of edera exists → install edera and its RuntimeClass on the cluster",
      "failure: exactly one Ready node for edera (selector parity/runtime=edera): found 0 → label the node: kubectl " +
        "label node NODE parity/runtime=edera",
      "failure: may delete pods in parity → grant it (parity rbac prints the Role and ClusterRole): one pod per run, " +
        "followed with a watch, deleted after the run and on Ctrl-C",
      "failure: may get pods/log in parity → grant it (parity rbac prints the Role and ClusterRole): read what the " +
        "workload printed",
      "warning: may get nodes/proxy (optional) → without it the startup guide's primary metric, the kubelet's " +
        "timing of the CRI calls that start each pod (startup then falls back to the watch's creation → running) is " +
        "not recorded; nodes/proxy reaches the whole kubelet API, so grant it only on a test cluster",
      "warning: namespace parity admits the jitter guide's pods (Pod Security enforce: restricted) → cyclictest " +
        'needs root with CAP_SYS_NICE, which "restricted" refuses: run the jitter guide without --namespace ' +
        '(Parity\'s own namespace enforces "privileged" and warns on "restricted"), or label this one ' +
        "pod-security.kubernetes.io/enforce=privileged",
    ]);
  });
});

describe("I/O guide on the Kubernetes target (in-process API server)", () => {
  it(
    "runs fio through one Filesystem claim per runtime and mode, preconditioned first, records the path it wrote " +
      "through, and deletes the claim",
    async () => {
      const server = await fake();
      const { error, store } = await campaign(server, {
        guides: ["io"],
        runtimes: ["runc"],
        runs: 2,
        storageModes: ["filesystem"],
      });
      expect(error).toBeUndefined();
      const io = await store.readGuide("k1", "io");
      expect(io.measurements).toHaveLength(2);
      const m = io.measurements[0]!;
      expect(m.variant).toBe("filesystem");
      expect(m.storage).toMatchObject({ mode: "filesystem", directIo: true });
      expect(m.metrics["randread-4k.iops"]).toBeGreaterThan(0);
      // The precondition writes the very volume the runs measure: one claim, created once.
      expect(server.createdClaims).toEqual(["parity-k1-io-runc-filesystem"]);
      expect([...server.claims.keys()]).toEqual([]);
      expectNothingLeft(server);
    },
  );

  it("fails a run whose claim never binds, within a bounded time, and cleans up pod and claim", async () => {
    const server = await fake({ claimsBind: false });
    const { error } = await campaign(server, { guides: ["io"], runtimes: ["runc"], runs: 1, storageModes: ["block"] });
    expect(isParityError(error, "POD_FAILED")).toBe(true);
    expect(error!.message).toMatch(
      new RegExp(
        `^Pod parity-k1-io-runc-block-precondition of runtime "runc" on its node cannot run:` +
          String.raw` Unschedulable \(0\/2 nodes are available: pod has unbound immediate PersistentVolumeClaims`,
      ),
    );
    expect(error!.message).toMatch(/check --storage-class and that it provisions volumes/);
    expect([...server.claims.keys()]).toEqual([]);
    expectNothingLeft(server);
  });
});

describe("jitter guide on the Kubernetes target (in-process API server)", () => {
  it("runs cyclictest in pods that are root with SYS_NICE alone, in a namespace that admits them", async () => {
    const specs: Array<Record<string, any>> = [];
    const namespaces: Array<Record<string, any>> = [];
    const server = await fake({
      kubelet: async (pod, k) => {
        specs.push(structuredClone(pod));
        namespaces.push(...api!.namespaces.values());
        await runForReal(pod, k);
      },
    });
    const { error, store } = await campaign(server, { guides: ["jitter"], runtimes: ["runc"], runs: 1 });
    expect(error).toBeUndefined();
    const [m] = (await store.readGuide("k1", "jitter")).measurements;
    expect(m!.metrics.samples as number).toBeGreaterThan(0);
    const jitterPod = specs.find((p) => p.metadata.labels["parity/guide"] === "jitter")!;
    expect(jitterPod.spec.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
    expect(jitterPod.spec.containers[0].securityContext.capabilities).toEqual({ drop: ["ALL"], add: ["SYS_NICE"] });
    // The probe pod of the same campaign stays unprivileged.
    expect(specs.find((p) => p.metadata.labels["parity/guide"] === "probe")!.spec.securityContext.runAsNonRoot).toBe(
      true,
    );
    expect(namespaces[0]!.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expectNothingLeft(server);
  });
});

describe("startup guide on the Kubernetes target (in-process API server, scripted lifecycle timings)", () => {
  // Pod i: scheduled 60 ms after creation, container running 100·(i+1) ms later, Ready 150 ms after that.
  const timings = (_pod: unknown, i: number): StartupTimings => ({
    scheduledMs: 60,
    runningMs: 60 + 100 * (i + 1),
    readyMs: 60 + 100 * (i + 1) + 150,
    cri: { sandbox: 0.05 * (i + 1), create: 0.004, start: 0.006 },
  });
  // A sighting only follows what it sees (the script's timers start once the pod exists), and a busy
  // machine only delays it: a time from creation is at least the scripted one, within a second of it.
  const sighted = (value: unknown, scripted: number) => {
    expect(value as number).toBeGreaterThanOrEqual(scripted - 5);
    expect(value as number).toBeLessThan(scripted + 1000);
  };

  it(
    "measures creation → Ready and each phase from the watch, with API, event and kubelet views beside them, " +
      "and the kubelet's CRI timings as the primary metric",
    async () => {
      const server = await fake({ kubelet: startupKubelet(timings), clockOffsetMs: 2500 });
      const { error, store } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 5 });
      expect(error).toBeUndefined();
      const c = await store.readCampaign("k1");
      // The server's Date headers run 2.5 s ahead; the offset is measured to within a round trip.
      expect(Math.abs(c.target.clock!.offsetMs - 2500)).toBeLessThanOrEqual(c.target.clock!.uncertaintyMs + 1);
      expect(c.warnings.map((w) => w.code)).toContain("clock-offset");
      const result = await store.readGuide("k1", "startup");
      const runs = result.measurements.sort((a, b) => a.run - b.run);
      expect(runs).toHaveLength(5);
      runs.forEach((m, i) => {
        // Each phase ends where the next begins: scheduled, then running, then ContainersReady and Ready.
        const [scheduling, sandboxInit, containersReady] = [
          m.metrics.schedulingMs as number,
          m.metrics.sandboxInitMs as number,
          m.metrics.containersReadyMs as number,
        ];
        sighted(scheduling, 60);
        sighted(scheduling + sandboxInit, 60 + 100 * (i + 1));
        sighted(scheduling + sandboxInit + containersReady, 60 + 100 * (i + 1) + 150);
        sighted(m.metrics.readyMs, 60 + 100 * (i + 1) + 150);
        // The scheduler's event (server clock, 2.5 s ahead), moved onto the runner's clock, agrees with the watch.
        const event = m.metrics.scheduledEventMs as number;
        expect(event).toBeGreaterThanOrEqual(60 - 5 - c.target.clock!.uncertaintyMs);
        expect(event).toBeLessThanOrEqual(scheduling + 5 + c.target.clock!.uncertaintyMs);
        expect(m.metrics.kubeletSliMs).toBeCloseTo(60 + 100 * (i + 1), 6);
        // The kubelet's timing of the pod's CRI calls, exactly as it counted them: the primary metric.
        expect(m.metrics.podSandboxMs).toBeCloseTo(50 * (i + 1), 6);
        expect(m.metrics.containerStartMs).toBeCloseTo(10, 6);
        expect(m.metrics.runtimeStartMs).toBeCloseTo(50 * (i + 1) + 10, 6);
        expect(Number.isInteger(m.metrics.apiReadyS)).toBe(true);
        expect(m.metrics.apiReadyS as number).toBeLessThanOrEqual(1);
        expect(m.metrics).toMatchObject({ imagePull: "none", imageCheck: "node status" });
        expect(m.excluded).toBeUndefined();
      });
      // Percentiles of creation → Ready over the five pods: 310, 410, 510, 610, 710 ms plus watch latency.
      const summaries = summarizeGuide(guides.get("startup").metrics, result, {
        baseline: "runc",
        runtimes: ["runc"],
        thresholdPercent: 5,
      });
      expect(summaries.find((s) => s.primary)?.metric).toBe("runtimeStartMs");
      const values = summaries.find((s) => s.metric === "readyMs")!.runtimes[0]!.values;
      sighted(quantile(values, 0.5), 510);
      sighted(quantile(values, 0.9), 670);
      sighted(Math.max(...values), 710);
      // Each startup pod had a readiness probe and was deleted before the next was created.
      expect(server.created.filter((n) => n.startsWith("parity-k1-startup-runc-"))).toHaveLength(5);
      expectNothingLeft(server);
      // Every figure re-derives from the raw logs: the pod's lifecycle and the kubelet's own lines, kept beside each.
      const checked = await checkCampaign(store, "k1");
      expect(checked.problems).toEqual([]);
      expect(checked.notes.join(" ")).not.toMatch(/by identity/);
      const lifecycleLog = join(store.dir("k1"), "raw", "startup", "runc-1.lifecycle.log");
      const kept = await readFile(lifecycleLog, "utf8");
      expect(kept).toMatch(/kubelet_runtime_operations_duration_seconds_sum\{operation_type=\\"run_podsandbox\\"\}/);
      // A kubelet figure edited in the log no longer gives the stored primary metric.
      // The reading after the pod: its sandbox call's running total, doubled.
      const at = kept.lastIndexOf('_sum{operation_type=\\"run_podsandbox\\"} ');
      const edited = kept.slice(0, at) + kept.slice(at).replace(/\} ([0-9.]+)/, (_m, v) => `} ${Number(v) * 2}`);
      await writeFile(lifecycleLog, edited);
      expect((await checkCampaign(store, "k1")).problems.join("\n")).toMatch(
        /"startup on runc, run 1" stores runtimeStartMs = [\d.]+, but its raw log [^ ]+ gives [\d.]+/,
      );
    },
  );

  it("starts pods in bursts with startup.concurrency, each pod still one sample", async () => {
    const server = await fake({ kubelet: startupKubelet(timings) });
    const { error, store } = await campaign(server, {
      guides: ["startup"],
      runtimes: ["runc"],
      runs: 3,
      parameters: { startup: { concurrency: 3 } },
    });
    expect(error).toBeUndefined();
    expect((await store.readGuide("k1", "startup")).measurements.map((m) => m.run).sort()).toEqual([1, 2, 3]);
    // All three pods were created before the first of them was deleted.
    const creates = server.requests
      .map((r, i) => [r, i] as const)
      .filter(([r]) => r === "POST /api/v1/namespaces/parity-k1/pods")
      .map(([, i]) => i);
    const firstDelete = server.requests.findIndex((r) =>
      /^DELETE \/api\/v1\/namespaces\/parity-k1\/pods\/parity-k1-startup-/.test(r),
    );
    expect(creates.slice(1, 4).every((i) => i < firstDelete)).toBe(true);
    expectNothingLeft(server);
  });

  it("excludes and counts samples whose image was pulled", async () => {
    const server = await fake({
      kubelet: startupKubelet((pod, i) => ({ ...timings(pod, i), pulled: i === 1 || i === 3 })),
    });
    const { error, store } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 5 });
    expect(error).toBeUndefined();
    const result = await store.readGuide("k1", "startup");
    expect(
      result.measurements
        .filter((m) => m.excluded)
        .map((m) => m.run)
        .sort(),
    ).toEqual([2, 4]);
    expect(result.warnings.find((w) => w.code === "excluded-runs")!.message).toMatch(
      /^2 run\(s\) on runc left out of the statistics: the image was pulled/,
    );
    const summary = summarizeGuide(guides.get("startup").metrics, result, {
      baseline: "runc",
      runtimes: ["runc"],
      thresholdPercent: 5,
    }).find((s) => s.metric === "readyMs")!;
    expect(summary.runtimes[0]!.stats.n).toBe(3);
  });

  it("pulls the image with a warm-up pod first when the node does not list it", async () => {
    const server = await fake({ nodes: NODES.map((n) => ({ ...n, images: [] })), kubelet: startupKubelet(timings) });
    const { error, store } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 1 });
    expect(error).toBeUndefined();
    expect(server.created).toEqual(["parity-k1-probe-runc-0", "parity-k1-warmup-runc-1", "parity-k1-startup-runc-1"]);
    expect((await store.readGuide("k1", "startup")).measurements[0]!.metrics.imageCheck).toBe("warm-up pod");
  });

  it(
    "fails a pod that never becomes Ready within the bound, naming its conditions, and leaves nothing " + "behind",
    async () => {
      const server = await fake({
        kubelet: startupKubelet((pod, i) => ({
          ...timings(pod, i),
          readyMs: i === 1 ? null : timings(pod, i).readyMs,
        })),
      });
      const { error, store } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 3 }, undefined, {
        readyTimeoutSeconds: 2,
      });
      expect(isParityError(error, "POD_FAILED")).toBe(true);
      expect(error!.message).toMatch(
        new RegExp(
          String.raw`^Pod parity-k1-startup-runc-2 did not become Ready within 2 s \(last phase: Running;` +
            String.raw` conditions: PodScheduled=True, Initialized=True\)`,
        ),
      );
      expectNothingLeft(server);
      expect((await store.readCampaign("k1")).status).toBe("partial");
      expect((await store.readGuide("k1", "startup")).measurements).toHaveLength(1);
    },
  );

  it("fails a startup pod stuck pulling its image with the reason and the next step", async () => {
    const pulling: KubeletScript = async (pod, k) => {
      if (!pod.spec.containers[0].readinessProbe) return runForReal(pod, k);
      k.update((p) => {
        p.status.conditions.push({ type: "PodScheduled", status: "True" });
        p.status.containerStatuses = [
          { name: "workload", state: { waiting: { reason: "ImagePullBackOff", message: "Back-off pulling image" } } },
        ];
      });
    };
    const server = await fake({ kubelet: pulling });
    const { error } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 1 });
    expect(error!.message).toMatch(
      new RegExp(
        `^Pod parity-k1-startup-runc-1 of runtime "runc" on its node cannot run: ImagePullBackOff` +
          String.raw` \(Back-off pulling image\); the pod was deleted\. Next step: check --image`,
      ),
    );
    expectNothingLeft(server);
  });

  it("without permission to read events or kubelet metrics, records what it can and says so per sample", async () => {
    const server = await fake({ kubelet: startupKubelet(timings), denied: ["list events", "get nodes/proxy"] });
    const { error, store } = await campaign(server, { guides: ["startup"], runtimes: ["runc"], runs: 1 });
    expect(error).toBeUndefined();
    const [m] = (await store.readGuide("k1", "startup")).measurements;
    expect(m!.metrics.imagePull).toBe("unknown");
    expect(m!.metrics).not.toHaveProperty("scheduledEventMs");
    expect(m!.metrics).not.toHaveProperty("kubeletSliMs");
    expect(m!.metrics).not.toHaveProperty("runtimeStartMs");
    sighted(m!.metrics.readyMs, 310);
    // The verdict then rests on the watch's creation → running, the guide's fallback primary.
    const primary = summarizeGuide(guides.get("startup").metrics, await store.readGuide("k1", "startup"), {
      baseline: "runc",
      runtimes: ["runc"],
      thresholdPercent: 5,
    }).find((s) => s.primary);
    expect(primary?.metric).toBe("runningMs");
  });
});
