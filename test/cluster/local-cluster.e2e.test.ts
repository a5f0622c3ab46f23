import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARITY_NAMESPACE, REALTIME_NAMESPACE } from "../../runners/cluster/cluster-objects.ts";
import { kubectl as clusterKubectl } from "../../runners/cluster/cluster-up.ts";
import { NODE_IP } from "../../runners/cluster/config-files.ts";
import { clusterLayout } from "../../runners/cluster/layout.ts";
import { attachedLoops } from "../../runners/cluster/volumes.ts";
import { guides } from "../../runners/guides/index.ts";
import { IMAGES } from "../../runners/toolchain/versions.ts";
import { parity } from "../helpers/cli.ts";
import { CLUSTER_BUILD_HANG_LIMIT_MS, until } from "../helpers/limits.ts";

// A real single-node Kubernetes on this machine (`parity cluster up`): etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, containerd with runc and gVisor, the kubelet. Every
// guide runs on it through the kubernetes target; faults are produced for real; `cluster down`
// must leave nothing behind. The first `cluster up` on a machine builds Kubernetes and gVisor.
const layout = clusterLayout();
const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));
const profiles = fileURLToPath(new URL("../../runners/cluster/runtimes.yaml", import.meta.url));
const kubectl = (args: string[]) => clusterKubectl(layout, args);
let data: string;

/** `parity run` on the local cluster, as `cluster up` prints it, with extra options. */
function runArgs(
  campaign: string,
  extra: string[],
  options: { profiles?: string; image?: string; runtimes?: string } = {},
): string[] {
  return [
    "run",
    "--target",
    "kubernetes",
    "--kubeconfig",
    layout.kubeconfig,
    "--profiles",
    options.profiles ?? profiles,
    "--namespace",
    PARITY_NAMESPACE,
    "--realtime-namespace",
    REALTIME_NAMESPACE,
    "--storage-class",
    "parity-local",
    "--runtimes",
    options.runtimes ?? "runc,gvisor",
    "--image",
    options.image ?? IMAGES.workload,
    "--campaign",
    campaign,
    "--data",
    data,
    ...extra,
  ];
}

/** Pods and claims of any campaign still in Parity's namespaces. */
async function leftovers(): Promise<string[]> {
  const out: string[] = [];
  for (const ns of [PARITY_NAMESPACE, REALTIME_NAMESPACE]) {
    const listed = await kubectl(["get", "pods,pvc", "-n", ns, "-o", "name"]);
    out.push(...listed.stdout.split("\n").filter(Boolean));
  }
  return out;
}

/** A copy of the cluster's profiles with one runtime changed, for a fault. */
async function profilesWith(change: (yaml: string) => string): Promise<string> {
  const file = join(data, `profiles-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, change(await readFile(profiles, "utf8")));
  return file;
}

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "parity-cluster-"));
  // A cluster left running by someone else is stopped first: the tests need one they started.
  await parity(["cluster", "down"]);
  const up = await parity(["cluster", "up"]);
  expect(up.code, up.stderr).toBe(0);
}, CLUSTER_BUILD_HANG_LIMIT_MS);

afterAll(async () => {
  await parity(["cluster", "down"]);
  await rm(data, { recursive: true, force: true });
});

describe("a real single-node cluster (parity cluster up)", () => {
  it("runs Kubernetes with Pod Security, RBAC, runc by default, a gvisor RuntimeClass, images imported", async () => {
    const version = await kubectl(["version", "-o", "json"]);
    expect(JSON.parse(version.stdout).serverVersion.gitVersion).toMatch(/^v1\.34\./);
    expect((await kubectl(["get", "runtimeclass", "gvisor", "-o", "jsonpath={.handler}"])).stdout).toBe("runsc");
    expect(
      (
        await kubectl([
          "get",
          "ns",
          PARITY_NAMESPACE,
          "-o",
          "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}",
        ])
      ).stdout,
    ).toBe("restricted");
    // Parity's identity is not an administrator: it may not read secrets, nor create pods in kube-system.
    const as = ["--kubeconfig", layout.kubeconfig];
    const k = (args: string[]) => execa(join(layout.kubernetes.bin, "kubectl"), [...as, ...args], { reject: false });
    expect((await k(["auth", "can-i", "list", "secrets", "-A"])).stdout).toBe("no");
    expect((await k(["auth", "can-i", "create", "pods", "-n", "kube-system"])).stdout).toBe("no");
    expect((await k(["auth", "can-i", "create", "pods", "-n", PARITY_NAMESPACE])).stdout).toBe("yes");
    const doctor = await parity([
      "doctor",
      "--target",
      "kubernetes",
      "--kubeconfig",
      layout.kubeconfig,
      "--profiles",
      profiles,
      "--namespace",
      PARITY_NAMESPACE,
      "--realtime-namespace",
      REALTIME_NAMESPACE,
      "--runtimes",
      "runc,gvisor",
      "--image",
      IMAGES.workload,
    ]);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/image parity\.local\/parity-workload:0\.1\.0 is pre-pulled on the gvisor node/);
    // The real admission plugin refuses a pod that breaks "restricted".
    const privileged = await k([
      "run",
      "bad",
      "-n",
      PARITY_NAMESPACE,
      "--image",
      IMAGES.workload,
      "--image-pull-policy",
      "Never",
      "--overrides",
      JSON.stringify({
        spec: {
          containers: [
            { name: "bad", image: "parity.local/parity-workload:0.1.0", securityContext: { privileged: true } },
          ],
        },
      }),
    ]);
    expect(privileged.stderr).toMatch(/violates PodSecurity "restricted:latest"/);
  });

  it(
    "runs every guide through the kubernetes target, both runtimes on the one node, with the sandbox proven and " +
      "nothing left behind",
    async () => {
      const run = await execa("node", [bin, ...runArgs("cluster-quick", ["--quick", "--runs", "2"])], {
        reject: false,
        all: true,
      });
      expect(run.exitCode, run.all).toBe(0);
      const campaign = JSON.parse(await readFile(join(data, "campaigns", "cluster-quick", "campaign.json"), "utf8"));
      expect(campaign.status).toBe("complete");
      expect(campaign.guides).toEqual(guides.ids());
      const byRole = Object.fromEntries(campaign.hosts.map((h: { role: string }) => [h.role, h]));
      expect(byRole.runc.kubernetes).toMatchObject({
        sharedNodeWith: ["gvisor"],
        runtimeClassName: null,
        components: { kubernetes: "v1.34.4", gvisorPlatform: "systrap" },
      });
      expect(byRole.gvisor.kubernetes).toMatchObject({
        sharedNodeWith: ["runc"],
        runtimeClassName: "gvisor",
        runtimeClassHandler: "runsc",
      });
      // No node name or address in anything written.
      const written = (
        await execa(
          "grep",
          [
            "-rlE",
            `parity-node|${NODE_IP.replace(/\./g, "\\.")}|127\\.0\\.0\\.1:6443`,
            join(data, "campaigns", "cluster-quick"),
          ],
          { reject: false },
        )
      ).stdout;
      expect(written).toBe("");
      // gVisor's own kernel answered the probe in gvisor pods.
      const cpu = JSON.parse(await readFile(join(data, "campaigns", "cluster-quick", "cpu.json"), "utf8"));
      expect(cpu.measurements.find((m: { runtime: string }) => m.runtime === "gvisor").workload.kernel).toMatch(
        /gvisor/,
      );
      // Startup: watch times, whole-second API times, the Scheduled event, the kubelet's SLI, and its
      // timing of each pod's CRI calls (the primary metric) in every sample, the first pod's included.
      const startup = JSON.parse(await readFile(join(data, "campaigns", "cluster-quick", "startup.json"), "utf8"));
      const main = startup.measurements.filter((m: { arm: string }) => m.arm === "main");
      for (const metric of ["readyMs", "schedulingMs", "apiReadyS", "scheduledEventMs", "kubeletSliMs"])
        expect(typeof main[0].metrics[metric], metric).toBe("number");
      for (const sample of main) expect(typeof sample.metrics.runtimeStartMs, sample.runtime).toBe("number");
      const gvisor = startup.measurements.find((m: { runtime: string }) => m.runtime === "gvisor").metrics;
      expect(gvisor.podSandboxMs + gvisor.containerStartMs).toBeCloseTo(gvisor.runtimeStartMs, 6);
      // I/O: runc through both volume modes; gVisor's block cells are not runnable, with fio's words.
      const io = JSON.parse(await readFile(join(data, "campaigns", "cluster-quick", "io.json"), "utf8"));
      expect(
        new Set(
          io.measurements
            .filter((m: { runtime: string }) => m.runtime === "runc")
            .map((m: { variant: string }) => m.variant),
        ),
      ).toEqual(new Set(["filesystem", "block"]));
      expect(io.notRunnable).toEqual([
        expect.objectContaining({ runtime: "gvisor", variant: "block", needs: "blockDevice" }),
      ]);
      // Jitter: not runnable on this node for either runtime, each with its reason and cyclictest's own words.
      const jitter = JSON.parse(await readFile(join(data, "campaigns", "cluster-quick", "jitter.json"), "utf8"));
      expect(jitter.notRunnable.map((c: { runtime: string }) => c.runtime).sort()).toEqual(["gvisor", "runc"]);
      expect(jitter.notRunnable.map((c: { message: string }) => c.message).join("\n")).toMatch(
        /Unable to change scheduling policy/,
      );
      const check = await parity(["check", "--data", data]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(await leftovers()).toEqual([]);
    },
  );

  it("runs gVisor's variants as RuntimeClasses, each with its runsc settings recorded", async () => {
    const runtimes = ["runc", "gvisor-ptrace", "gvisor-gofer"];
    const run = await execa(
      "node",
      [bin, ...runArgs("cluster-variants", ["--quick", "--runs", "2", "cpu"], { runtimes: runtimes.join(",") })],
      { reject: false, all: true },
    );
    expect(run.exitCode, run.all).toBe(0);
    const campaign = JSON.parse(await readFile(join(data, "campaigns", "cluster-variants", "campaign.json"), "utf8"));
    const byRole = Object.fromEntries(campaign.hosts.map((h: { role: string }) => [h.role, h]));
    expect(byRole["gvisor-ptrace"].kubernetes).toMatchObject({ runtimeClassHandler: "runsc-ptrace" });
    expect(byRole["gvisor-ptrace"].runtimeSettings["gvisor-ptrace"]).toMatchObject({ platform: "ptrace" });
    expect(byRole["gvisor-gofer"].runtimeSettings["gvisor-gofer"]).toMatchObject({ directfs: "false" });
    const cpu = JSON.parse(await readFile(join(data, "campaigns", "cluster-variants", "cpu.json"), "utf8"));
    for (const runtime of runtimes) {
      const ran = cpu.measurements.filter((m: { runtime: string }) => m.runtime === runtime);
      expect(ran.length, runtime).toBeGreaterThanOrEqual(2);
      // gVisor's own kernel answered in each variant; runc's containers run on the node's kernel.
      if (runtime.startsWith("gvisor")) expect(ran[0].workload.kernelLog, runtime).toContain("Starting gVisor");
      else expect(ran[0].workload.kernel).not.toMatch(/gvisor/);
    }
    const check = await parity(["check", "--data", data]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(await leftovers()).toEqual([]);
  });

  it("a pod whose image is missing fails the run with ImagePullBackOff and what to do, and is deleted", async () => {
    const file = await profilesWith((y) => y.replaceAll("imagePullPolicy: Never", "imagePullPolicy: IfNotPresent"));
    const run = await parity(
      runArgs(
        "fault-image",
        ["cpu", "--runtimes", "runc", "--baseline", "runc", "--runs", "1", "--quick", "--no-noise-floor"],
        { profiles: file, image: "parity.local/does-not-exist:0" },
      ),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot run: (ErrImagePull|ImagePullBackOff).*Next step: check --image/s);
    expect(await leftovers()).toEqual([]);
  });

  it("an unschedulable pod (more CPU than the node has) fails the run with the scheduler's reason", async () => {
    const file = await profilesWith((y) => y.replaceAll('cpu: "2"', 'cpu: "64"'));
    const run = await parity(
      runArgs(
        "fault-cpu",
        ["cpu", "--runtimes", "runc", "--baseline", "runc", "--runs", "1", "--quick", "--no-noise-floor"],
        { profiles: file },
      ),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot run: Unschedulable \(0\/1 nodes are available: 1 Insufficient cpu/);
    expect(await leftovers()).toEqual([]);
  });

  it("an OOMKilled pod (a limit below the workload's use) fails the run and says to raise the limit", async () => {
    const file = await profilesWith((y) => y.replaceAll("memory: 4Gi", "memory: 24Mi"));
    const run = await parity(
      runArgs(
        "fault-oom",
        ["memory", "--runtimes", "runc", "--baseline", "runc", "--runs", "1", "--quick", "--no-noise-floor"],
        { profiles: file },
      ),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot run: OOMKilled.*raise resources\.memory/s);
    expect(await leftovers()).toEqual([]);
  });

  it("Ctrl-C mid-campaign deletes the running pod and keeps the campaign; --resume completes it", async () => {
    const child = execa(
      "node",
      [bin, ...runArgs("interrupted", ["cpu", "--runs", "3", "--quick", "--no-noise-floor"])],
      { reject: false, all: true },
    );
    await until(
      async () =>
        (await kubectl(["get", "pods", "-n", PARITY_NAMESPACE, "-o", "name"])).stdout.includes(
          "parity-interrupted-cpu",
        ),
      "the interrupted campaign's first pod",
    );
    child.kill("SIGINT");
    const stopped = await child;
    expect(stopped.exitCode, stopped.all).toBe(130);
    expect(await leftovers()).toEqual([]);
    expect(JSON.parse(await readFile(join(data, "campaigns", "interrupted", "campaign.json"), "utf8")).status).toBe(
      "partial",
    );
    const resumed = await parity(runArgs("interrupted", ["--resume"]));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(data, "campaigns", "interrupted", "campaign.json"), "utf8")).status).toBe(
      "complete",
    );
  });

  it("cluster down leaves nothing running or mounted, and no loop device or address", async () => {
    const down = await parity(["cluster", "down"]);
    expect(down.code, down.stderr).toBe(0);
    const processes = (await execa("ps", ["-eo", "args"])).stdout
      .split("\n")
      .filter(
        (l) =>
          /kube-apiserver|kubelet|etcd --name=parity|containerd --config|containerd-shim|runsc/.test(l) &&
          !l.includes("ps -eo"),
      );
    expect(processes).toEqual([]);
    expect((await readFile("/proc/self/mountinfo", "utf8")).includes(layout.root)).toBe(false);
    expect(await attachedLoops(layout)).toEqual([]);
    expect((await execa("ip", ["addr", "show", "dev", "lo"])).stdout).not.toContain(NODE_IP);
  });
});
