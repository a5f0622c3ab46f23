/**
 * An in-process Kubernetes API server for tests: it speaks the real REST and watch wire
 * format (JSON objects, metav1.Status errors, newline-delimited watch events with
 * resourceVersions) for the resources Parity uses, so that the real @kubernetes/client-node
 * talks to it as to a cluster. It is NOT a cluster: pods are "run" by a scripted kubelet,
 * which by default executes the pod's command on this machine as a plain process.
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";

type Obj = Record<string, any>;

export interface FakeNode {
  name: string;
  labels?: Record<string, string>;
  kernelVersion: string;
  ready?: boolean;
  /** CPUs the simulated kubelet pins this node's pods to (taskset list), e.g. "0" for a guest of 1 vCPU. */
  cpus?: string;
  images?: string[];
}

/** What the scripted kubelet does with a pod; the default runs its command for real. */
export type KubeletScript = (pod: Obj, kubelet: Kubelet) => Promise<void>;

export interface Kubelet {
  /** Applies a change to the pod's status (and spec.nodeName) and notifies watchers. */
  update(change: (pod: Obj) => void): void;
  /**
   * Records an event about the pod as core/v1 shows it: a scheduler event (`reportingController`
   * set) has a microsecond `eventTime` on the server's clock; a kubelet event has whole-second timestamps.
   */
  event(reason: string, message: string, options?: { reportingController?: string }): void;
  /** The server's (and its nodes') clock: real time shifted by `clockOffsetMs`. */
  now(): Date;
  /** Adds one pod start to the node's kubelet_pod_start_sli_duration_seconds histogram. */
  observeSli(seconds: number): void;
  /** Adds one CRI call (e.g. `run_podsandbox`) to the node's kubelet_runtime_operations_duration_seconds. */
  observeOperation(operation: string, seconds: number): void;
  /** Sets the container's log. */
  log(text: string): void;
  node(): FakeNode;
  sleep(ms: number): Promise<void>;
}

export interface FakeOptions {
  nodes: FakeNode[];
  runtimeClasses?: Record<string, { handler: string }>;
  kubelet?: KubeletScript;
  /** Answer the first N pod creations with this HTTP status (429 or 5xx) before accepting. */
  failCreates?: { count: number; code: number };
  /** Close every watch connection after this many events (a dropped watch). */
  dropWatchAfter?: number;
  /** Verbs the SelfSubjectAccessReview denies, as "verb resource" (e.g. "delete pods"). */
  denied?: string[];
  /** Whether new PersistentVolumeClaims get Bound (default true); false simulates a class that never provisions. */
  claimsBind?: boolean;
  /** The server's clock minus the real clock, in ms, as its `Date` headers show it. */
  clockOffsetMs?: number;
}

const TOKEN = "fake-token-for-tests";

function status(code: number, reason: string, message: string): Obj {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

function matchesLabels(obj: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [k, v] = term.split("=");
    return obj.metadata?.labels?.[k!] === v;
  });
}

export class FakeKubeApi {
  readonly requests: string[] = [];
  readonly pods = new Map<string, Obj>();
  readonly namespaces = new Map<string, Obj>();
  readonly logs = new Map<string, string>();
  readonly claims = new Map<string, Obj>();
  readonly events: Obj[] = [];
  /** Per node: the kubelet's pod start SLI histogram totals. */
  readonly sli = new Map<string, { sum: number; count: number }>();
  /** Per node and CRI operation: the kubelet's runtime operations histogram totals. */
  readonly operations = new Map<string, Map<string, { sum: number; count: number }>>();
  /** Claims ever created, in order (names). */
  readonly createdClaims: string[] = [];
  /** Pods ever created, in order (names). */
  readonly created: string[] = [];
  #rv = 100;
  #history: Array<{ rv: number; type: string; object: Obj }> = [];
  #watchers = new Set<{ ns: string; name?: string; res: ServerResponse; sent: number }>();
  #server: Server | undefined;
  #creates = 0;
  url = "";
  kubeconfig = "";

  constructor(readonly options: FakeOptions) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((r) => this.#server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.#server.address() as { port: number }).port}`;
    const dir = await mkdtemp(join(tmpdir(), "parity-kubeconfig-"));
    this.kubeconfig = join(dir, "config");
    await writeFile(
      this.kubeconfig,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        "current-context": "fake",
        // Plain HTTP on loopback: the client requires skip-TLS-verify to allow it.
        clusters: [{ name: "fake", cluster: { server: this.url, "insecure-skip-tls-verify": true } }],
        users: [{ name: "tester", user: { token: TOKEN } }],
        contexts: [{ name: "fake", context: { cluster: "fake", user: "tester" } }],
      }),
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.#watchers) w.res.end();
    this.#server?.closeAllConnections();
    await new Promise<void>((r) => this.#server!.close(() => r()));
    // The kubeconfig's folder is this server's own: nothing of a test stays in /tmp.
    if (this.kubeconfig) await rm(dirname(this.kubeconfig), { recursive: true, force: true });
  }

  #node(name: string): Obj | undefined {
    const n = this.options.nodes.find((x) => x.name === name);
    if (!n) return undefined;
    return {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: n.name,
        labels: {
          "kubernetes.io/hostname": n.name,
          "node.kubernetes.io/instance-type": "c6i.4xlarge",
          "topology.kubernetes.io/region": "us-west-2",
          ...n.labels,
        },
        resourceVersion: "1",
      },
      status: {
        conditions: [{ type: "Ready", status: n.ready === false ? "False" : "True" }],
        capacity: { cpu: "16", memory: "32386544Ki" },
        allocatable: { cpu: "15890m", memory: "30142184Ki" },
        nodeInfo: {
          kernelVersion: n.kernelVersion,
          osImage: "Amazon Linux 2023",
          containerRuntimeVersion: "containerd://1.7.27",
          kubeletVersion: "v1.33.1",
          architecture: "amd64",
        },
        images: (n.images ?? []).map((i) => ({ names: [i], sizeBytes: 1000 })),
      },
    };
  }

  #emit(type: string, object: Obj) {
    const rv = ++this.#rv;
    object.metadata.resourceVersion = String(rv);
    const copy = structuredClone(object);
    this.#history.push({ rv, type, object: copy });
    for (const w of this.#watchers) this.#send(w, type, copy);
  }

  #send(w: { ns: string; name?: string; res: ServerResponse; sent: number }, type: string, object: Obj) {
    if (object.metadata.namespace !== w.ns || (w.name && object.metadata.name !== w.name)) return;
    w.res.write(`${JSON.stringify({ type, object })}\n`);
    w.sent++;
    if (this.options.dropWatchAfter !== undefined && w.sent >= this.options.dropWatchAfter) {
      this.#watchers.delete(w);
      w.res.destroy();
    }
  }

  async #body(req: IncomingMessage): Promise<Obj> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
  }

  #json(res: ServerResponse, code: number, body: Obj) {
    res.writeHead(code, { "Content-Type": "application/json", Date: this.#date() });
    res.end(JSON.stringify(body));
  }

  /** The server's clock as an HTTP-date, shifted by `clockOffsetMs`. */
  #date(): string {
    return new Date(Date.now() + (this.options.clockOffsetMs ?? 0)).toUTCString();
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", this.url);
    const path = url.pathname;
    this.requests.push(`${req.method} ${path}${url.searchParams.get("watch") ? " (watch)" : ""}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return this.#json(res, 401, status(401, "Unauthorized", "Unauthorized"));
    let m: RegExpMatchArray | null;
    if (path === "/version") return this.#json(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.1" });
    if (path === "/api/v1/nodes" && req.method === "GET") {
      const items = this.options.nodes
        .map((n) => this.#node(n.name)!)
        .filter((n) => matchesLabels(n, url.searchParams.get("labelSelector")));
      return this.#json(res, 200, {
        kind: "NodeList",
        apiVersion: "v1",
        metadata: { resourceVersion: String(this.#rv) },
        items,
      });
    }
    if ((m = path.match(/^\/api\/v1\/nodes\/([^/]+)\/proxy\/metrics$/))) {
      if ((this.options.denied ?? []).includes("get nodes/proxy"))
        return this.#json(
          res,
          403,
          status(403, "Forbidden", `nodes "${m[1]}" is forbidden: cannot get resource "nodes/proxy"`),
        );
      const totals = this.sli.get(m[1]!) ?? { sum: 0, count: 0 };
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4", Date: this.#date() });
      return res.end(
        [
          "# HELP kubelet_pod_start_sli_duration_seconds [BETA] Duration in seconds to start a pod, excluding time " +
            "to pull images and run init containers, measured from pod creation timestamp to when all its containers " +
            "are reported as started and observed via watch",
          "# TYPE kubelet_pod_start_sli_duration_seconds histogram",
          `kubelet_pod_start_sli_duration_seconds_bucket{le="+Inf"} ${totals.count}`,
          `kubelet_pod_start_sli_duration_seconds_sum ${totals.sum}`,
          `kubelet_pod_start_sli_duration_seconds_count ${totals.count}`,
          "# HELP kubelet_runtime_operations_duration_seconds [ALPHA] Duration in seconds of runtime operations. " +
            "Broken down by operation type.",
          "# TYPE kubelet_runtime_operations_duration_seconds histogram",
          ...[...(this.operations.get(m[1]!) ?? new Map())].flatMap(([operation, t]) => [
            `kubelet_runtime_operations_duration_seconds_bucket{operation_type="${operation}",le="+Inf"} ${t.count}`,
            `kubelet_runtime_operations_duration_seconds_sum{operation_type="${operation}"} ${t.sum}`,
            `kubelet_runtime_operations_duration_seconds_count{operation_type="${operation}"} ${t.count}`,
          ]),
          "",
        ].join("\n"),
      );
    }
    if ((m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/events$/)) && req.method === "GET") {
      if ((this.options.denied ?? []).includes("list events"))
        return this.#json(
          res,
          403,
          status(403, "Forbidden", `events is forbidden: cannot list resource "events" in namespace "${m[1]}"`),
        );
      const involved = url.searchParams.get("fieldSelector")?.match(/^involvedObject\.name=(.+)$/)?.[1];
      const items = this.events.filter(
        (e) => e.metadata.namespace === m![1] && (!involved || e.involvedObject.name === involved),
      );
      return this.#json(res, 200, {
        kind: "EventList",
        apiVersion: "v1",
        metadata: { resourceVersion: String(this.#rv) },
        items,
      });
    }
    if ((m = path.match(/^\/api\/v1\/nodes\/([^/]+)$/))) {
      const node = this.#node(m[1]!);
      return node
        ? this.#json(res, 200, node)
        : this.#json(res, 404, status(404, "NotFound", `nodes "${m[1]}" not found`));
    }
    if ((m = path.match(/^\/apis\/node\.k8s\.io\/v1\/runtimeclasses\/([^/]+)$/))) {
      const rc = this.options.runtimeClasses?.[m[1]!];
      return rc
        ? this.#json(res, 200, {
            apiVersion: "node.k8s.io/v1",
            kind: "RuntimeClass",
            metadata: { name: m[1] },
            handler: rc.handler,
          })
        : this.#json(res, 404, status(404, "NotFound", `runtimeclasses.node.k8s.io "${m[1]}" not found`));
    }
    if (path === "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews" && req.method === "POST") {
      const body = await this.#body(req);
      const attrs = body.spec?.resourceAttributes ?? {};
      const key = `${attrs.verb} ${attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource}`;
      const allowed = !(this.options.denied ?? []).includes(key);
      return this.#json(res, 201, {
        ...body,
        status: { allowed, ...(allowed ? {} : { reason: "RBAC: access denied" }) },
      });
    }
    if (path === "/api/v1/namespaces" && req.method === "POST") {
      const body = await this.#body(req);
      if (this.namespaces.has(body.metadata.name))
        return this.#json(res, 409, status(409, "AlreadyExists", `namespaces "${body.metadata.name}" already exists`));
      body.metadata.resourceVersion = String(++this.#rv);
      body.status = { phase: "Active" };
      this.namespaces.set(body.metadata.name, body);
      return this.#json(res, 201, body);
    }
    if ((m = path.match(/^\/api\/v1\/namespaces\/([^/]+)$/))) {
      const ns = this.namespaces.get(m[1]!);
      if (!ns) return this.#json(res, 404, status(404, "NotFound", `namespaces "${m[1]}" not found`));
      if (req.method === "DELETE") {
        this.namespaces.delete(m[1]!);
        for (const [key, pod] of this.pods) if (pod.metadata.namespace === m[1]) this.pods.delete(key);
      }
      return this.#json(res, 200, ns);
    }
    if ((m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/persistentvolumeclaims(?:\/([^/]+))?$/))) {
      const ns = m[1]!;
      if (req.method === "POST") {
        const claim = await this.#body(req);
        claim.metadata.resourceVersion = String(++this.#rv);
        claim.status = { phase: this.options.claimsBind === false ? "Pending" : "Bound" };
        this.claims.set(`${ns}/${claim.metadata.name}`, claim);
        this.createdClaims.push(claim.metadata.name);
        return this.#json(res, 201, claim);
      }
      if (req.method === "DELETE" && !m[2]) {
        for (const [key, c] of [...this.claims])
          if (c.metadata.namespace === ns && matchesLabels(c, url.searchParams.get("labelSelector")))
            this.claims.delete(key);
        return this.#json(res, 200, { kind: "PersistentVolumeClaimList", apiVersion: "v1", metadata: {}, items: [] });
      }
      const claim = this.claims.get(`${ns}/${m[2]}`);
      if (!claim) return this.#json(res, 404, status(404, "NotFound", `persistentvolumeclaims "${m[2]}" not found`));
      if (req.method === "DELETE") this.claims.delete(`${ns}/${m[2]}`);
      return this.#json(res, 200, claim);
    }
    if ((m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods$/))) {
      const ns = m[1]!;
      if (req.method === "POST") return this.#createPod(ns, await this.#body(req), res);
      if (req.method === "DELETE") {
        for (const [key, pod] of [...this.pods]) {
          if (pod.metadata.namespace === ns && matchesLabels(pod, url.searchParams.get("labelSelector"))) {
            this.pods.delete(key);
            this.#emit("DELETED", pod);
          }
        }
        return this.#json(res, 200, { kind: "PodList", apiVersion: "v1", metadata: {}, items: [] });
      }
      if (url.searchParams.get("watch") === "true") {
        const name = url.searchParams.get("fieldSelector")?.match(/^metadata\.name=(.+)$/)?.[1];
        res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
        const w = { ns, name, res, sent: 0 };
        this.#watchers.add(w);
        req.on("close", () => this.#watchers.delete(w));
        const since = Number(url.searchParams.get("resourceVersion") ?? this.#rv);
        for (const e of this.#history) if (e.rv > since && this.#watchers.has(w)) this.#send(w, e.type, e.object);
        return;
      }
      const items = [...this.pods.values()].filter(
        (p) => p.metadata.namespace === ns && matchesLabels(p, url.searchParams.get("labelSelector")),
      );
      return this.#json(res, 200, {
        kind: "PodList",
        apiVersion: "v1",
        metadata: { resourceVersion: String(this.#rv) },
        items,
      });
    }
    if ((m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/log)?$/))) {
      const key = `${m[1]}/${m[2]}`;
      const pod = this.pods.get(key);
      if (!pod) return this.#json(res, 404, status(404, "NotFound", `pods "${m[2]}" not found`));
      if (m[3]) {
        res.writeHead(200, { "Content-Type": "text/plain" });
        return res.end(this.logs.get(key) ?? "");
      }
      if (req.method === "DELETE") {
        this.pods.delete(key);
        this.#emit("DELETED", pod);
      }
      return this.#json(res, 200, pod);
    }
    return this.#json(res, 404, status(404, "NotFound", `the server could not find the requested resource (${path})`));
  }

  #createPod(ns: string, pod: Obj, res: ServerResponse) {
    if (!this.namespaces.has(ns)) return this.#json(res, 404, status(404, "NotFound", `namespaces "${ns}" not found`));
    const fail = this.options.failCreates;
    if (fail && this.#creates++ < fail.count) {
      return this.#json(
        res,
        fail.code,
        status(fail.code, fail.code === 429 ? "TooManyRequests" : "InternalError", "try again later"),
      );
    }
    const key = `${ns}/${pod.metadata.name}`;
    if (this.pods.has(key))
      return this.#json(res, 409, status(409, "AlreadyExists", `pods "${pod.metadata.name}" already exists`));
    pod.metadata.uid = randomBytes(8).toString("hex");
    pod.metadata.creationTimestamp = new Date(Date.now() + (this.options.clockOffsetMs ?? 0))
      .toISOString()
      .replace(/\.\d+Z$/, "Z");
    pod.status = { phase: "Pending", conditions: [] };
    this.pods.set(key, pod);
    this.created.push(pod.metadata.name);
    this.#emit("ADDED", pod);
    this.#json(res, 201, pod);
    const nodeName =
      pod.spec.nodeName ??
      this.options.nodes.find((n) =>
        matchesLabels(
          { metadata: { labels: { "kubernetes.io/hostname": n.name, ...n.labels } } },
          Object.entries(pod.spec.nodeSelector ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(","),
        ),
      )?.name;
    const kubelet: Kubelet = {
      update: (change) => {
        const current = this.pods.get(key);
        if (!current) return;
        change(current);
        this.#emit("MODIFIED", current);
      },
      log: (text) => this.logs.set(key, text),
      now: () => new Date(Date.now() + (this.options.clockOffsetMs ?? 0)),
      event: (reason, message, options = {}) => {
        const now = new Date(Date.now() + (this.options.clockOffsetMs ?? 0));
        // MicroTime: the scheduler writes microseconds; the sub-millisecond digits come from the monotonic clock.
        const eventTime = now
          .toISOString()
          .replace(
            /\.(\d{3})Z$/,
            (_, ms) => `.${ms}${String(Math.floor((performance.now() % 1) * 1000)).padStart(3, "0")}Z`,
          );
        this.events.push({
          apiVersion: "v1",
          kind: "Event",
          metadata: { name: `${pod.metadata.name}.${randomBytes(8).toString("hex")}`, namespace: ns },
          involvedObject: { kind: "Pod", name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
          reason,
          message,
          type: "Normal",
          ...(options.reportingController
            ? {
                eventTime,
                reportingComponent: options.reportingController ?? "",
                reportingController: options.reportingController ?? "",
                action: "Binding",
                firstTimestamp: null,
              }
            : {
                firstTimestamp: now.toISOString().replace(/\.\d+Z$/, "Z"),
                lastTimestamp: now.toISOString().replace(/\.\d+Z$/, "Z"),
                count: 1,
                source: { component: "kubelet", host: nodeName },
              }),
        });
      },
      observeSli: (seconds) => {
        const totals = this.sli.get(nodeName!) ?? { sum: 0, count: 0 };
        this.sli.set(nodeName!, { sum: totals.sum + seconds, count: totals.count + 1 });
      },
      observeOperation: (operation, seconds) => {
        const node = this.operations.get(nodeName!) ?? new Map<string, { sum: number; count: number }>();
        const totals = node.get(operation) ?? { sum: 0, count: 0 };
        node.set(operation, { sum: totals.sum + seconds, count: totals.count + 1 });
        this.operations.set(nodeName!, node);
      },
      node: () => this.options.nodes.find((n) => n.name === nodeName)!,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    };
    const claimName = pod.spec.volumes?.find((v: Obj) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName;
    if (claimName && this.claims.get(`${ns}/${claimName}`)?.status.phase !== "Bound") {
      kubelet.update((p) =>
        p.status.conditions.push({
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message:
            "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are " +
            "available: 2 Preemption is not helpful for scheduling.",
        }),
      );
      return;
    }
    if (!nodeName) {
      kubelet.update((p) =>
        p.status.conditions.push({
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
        }),
      );
      return;
    }
    void (this.options.kubelet ?? runForReal)(pod, kubelet).catch(() => undefined);
  }
}

/** Schedules the pod, runs its command on this machine (pinned to the node's CPUs) and reports the exit. */
export const runForReal: KubeletScript = async (pod, kubelet) => {
  const node = kubelet.node();
  kubelet.update((p) => {
    p.spec.nodeName = node.name;
    p.status.conditions.push({ type: "PodScheduled", status: "True" });
  });
  await kubelet.sleep(20);
  kubelet.update((p) => {
    p.status.phase = "Running";
    p.status.containerStatuses = [
      {
        name: "workload",
        ready: true,
        restartCount: 0,
        image: p.spec.containers[0].image,
        imageID: `${p.spec.containers[0].image}@sha256:${"ab".repeat(32)}`,
        state: { running: { startedAt: new Date().toISOString() } },
      },
    ];
  });
  let argv: string[] = pod.spec.containers[0].command;
  // A Filesystem claim mounted at /data becomes a fresh folder on this machine, as a kubelet would mount it.
  const mount = pod.spec.containers[0].volumeMounts?.find((v: Obj) => v.name === "scratch");
  let volume: string | undefined;
  if (mount) {
    volume = await mkdtemp(join(tmpdir(), "parity-fake-volume-"));
    argv = argv.map((a) => a.split(`${mount.mountPath}/`).join(`${volume}/`));
  }
  const result = await execa("taskset", ["-c", node.cpus ?? "0-1", ...argv], { reject: false, all: true });
  if (volume) await rm(volume, { recursive: true, force: true });
  kubelet.log(String(result.all ?? ""));
  kubelet.update((p) => {
    const exitCode = result.exitCode ?? 1;
    p.status.phase = exitCode === 0 ? "Succeeded" : "Failed";
    p.status.containerStatuses[0].state = { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error" } };
  });
};
