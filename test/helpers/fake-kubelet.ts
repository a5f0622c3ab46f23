/**
 * A scripted kubelet for startup tests: a pod with a readiness probe goes through its
 * lifecycle at set times (conditions, events, container start), while its command runs for
 * real on this machine so that the probe block in its log is genuine. Other pods (the
 * campaign's probe, warm-up pods) are run to their exit by `runForReal`. It is NOT a cluster.
 */
import { execa } from "execa";
import { type KubeletScript, runForReal } from "./fake-kube-api.ts";

type Obj = Record<string, any>;

/** When each step of a startup pod happens, in ms after the pod's creation. */
export interface StartupTimings {
  scheduledMs: number;
  runningMs: number;
  /** When ContainersReady and Ready turn true; `null`: never (the readiness probe keeps failing). */
  readyMs: number | null;
  /** Emit Pulling/Pulled events: the image was pulled for this pod. */
  pulled?: boolean;
  /** Seconds the kubelet times for the pod's CRI calls (recorded when the container runs). */
  cri?: { sandbox: number; create: number; start: number };
}

const wholeSecond = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");

/** Runs the pod's command until its probe block is complete, then stops it (the command would sleep on). */
async function runUntilProbed(pod: Obj, cpus: string): Promise<string> {
  const child = execa("taskset", ["-c", cpus, ...pod.spec.containers[0].command], {
    reject: false,
    all: true,
    buffer: false,
  });
  let out = "";
  await new Promise<void>((resolve) => {
    child.all!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("=== parity probe end ===")) resolve();
    });
    void child.then(() => resolve());
  });
  child.kill("SIGKILL");
  await child;
  return out;
}

/**
 * A kubelet script: pods with a readiness probe follow `timings(pod, index)` (index counts
 * the startup pods, from 0), everything else runs for real.
 */
export function startupKubelet(timings: (pod: Obj, index: number) => StartupTimings): KubeletScript {
  let index = 0;
  return async (pod, kubelet) => {
    if (!pod.spec.containers[0].readinessProbe) return runForReal(pod, kubelet);
    const t = timings(pod, index++);
    const created = Date.now();
    const until = (ms: number) => kubelet.sleep(Math.max(0, created + ms - Date.now()));
    const node = kubelet.node();
    await until(t.scheduledMs);
    kubelet.event("Scheduled", `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.name}`, {
      reportingController: "default-scheduler",
    });
    kubelet.update((p) => {
      p.spec.nodeName = node.name;
      p.status.conditions.push({
        type: "PodScheduled",
        status: "True",
        lastTransitionTime: wholeSecond(kubelet.now()),
      });
    });
    kubelet.update((p) =>
      p.status.conditions.push({ type: "Initialized", status: "True", lastTransitionTime: wholeSecond(kubelet.now()) }),
    );
    const image = pod.spec.containers[0].image;
    if (t.pulled) {
      kubelet.event("Pulling", `Pulling image "${image}"`);
      kubelet.event(
        "Pulled",
        `Successfully pulled image "${image}" in 1.2s (1.2s including waiting). Image size: 52428800 bytes.`,
      );
    } else {
      kubelet.event("Pulled", `Container image "${image}" already present on machine`);
    }
    await until(t.runningMs);
    const log = runUntilProbed(pod, node.cpus ?? "0-1");
    const runningAt = kubelet.now();
    kubelet.update((p) => {
      p.status.phase = "Running";
      p.status.containerStatuses = [
        {
          name: "workload",
          ready: false,
          started: true,
          restartCount: 0,
          image,
          imageID: `${image}@sha256:${"ab".repeat(32)}`,
          state: { running: { startedAt: wholeSecond(runningAt) } },
        },
      ];
    });
    kubelet.event("Started", "Started container workload");
    if (t.cri) {
      kubelet.observeOperation("run_podsandbox", t.cri.sandbox);
      kubelet.observeOperation("create_container", t.cri.create);
      kubelet.observeOperation("start_container", t.cri.start);
    }
    // The log fills in as the command runs; the runner waits for its probe block.
    void log.then((text) => kubelet.log(text));
    if (t.readyMs === null) return;
    await until(t.readyMs);
    const readyAt = wholeSecond(kubelet.now());
    kubelet.update((p) => {
      p.status.containerStatuses[0].ready = true;
      p.status.conditions.push(
        { type: "ContainersReady", status: "True", lastTransitionTime: readyAt },
        { type: "Ready", status: "True", lastTransitionTime: readyAt },
      );
    });
    kubelet.observeSli(t.runningMs / 1000);
  };
}
