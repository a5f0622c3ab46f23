import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../core/errors.ts";
import { COMPONENTS_ANNOTATION, RUNTIME_SETTINGS_ANNOTATION } from "../targets/kubernetes/node-facts.ts";
import { buildGvisor, buildKubernetes } from "../toolchain/go-build.ts";
import { CLUSTER_VERSIONS, NODE_NAME } from "../toolchain/versions.ts";
import { clusterObjects } from "./cluster-objects.ts";
import { type ClusterRuntime, clusterRuntimes, runtimeSettingsOf } from "./cluster-runtimes.ts";
import {
  API_SERVER,
  baseRuntimeSpec,
  cniConfig,
  containerdConfig,
  kubeconfig,
  kubeletConfig,
  NODE_IP,
  runscConfig,
  runscConfigPath,
  SERVICE_RANGE,
  shimAdapter,
} from "./config-files.ts";
import { type Daemon, runningDaemons, startDaemon, waitReady } from "./daemons.ts";
import { importImages } from "./images.ts";
import type { ClusterLayout } from "./layout.ts";
import { ensurePki } from "./pki.ts";
import { prepareVolumes } from "./volumes.ts";

/** The tools `cluster up` needs from Debian, with the package that provides each. */
const NEEDS: Array<[string, string]> = [
  ["containerd", "containerd"],
  ["ctr", "containerd"],
  ["runc", "runc"],
  ["etcd", "etcd-server"],
  ["/usr/lib/cni/bridge", "containernetworking-plugins"],
  ["debootstrap", "debootstrap"],
  ["/bin/busybox", "busybox-static"],
  ["openssl", "openssl"],
  ["losetup", "mount"],
  ["ip", "iproute2"],
  ["go", "(Go 1.24 or newer)"],
];

async function checkTools(): Promise<void> {
  const missing: string[] = [];
  for (const [tool, pkg] of NEEDS) {
    const found = tool.startsWith("/")
      ? await execa("test", ["-x", tool], { reject: false })
      : await execa("sh", ["-c", `command -v ${tool}`], { reject: false });
    if (found.exitCode !== 0) missing.push(`${tool} (${pkg})`);
  }
  if (missing.length > 0) {
    throw new ParityError("CLUSTER", {
      what: `parity cluster up needs ${missing.join(", ")}`,
      next:
        "install them (apt-get install -y containerd runc etcd-server containernetworking-plugins debootstrap " +
        "busybox-static openssl) and run it again",
    });
  }
}

/** Controllers a single node without a cloud or node routes has no use for. */
const UNUSED_CONTROLLERS = [
  "node-ipam-controller",
  "cloud-node-lifecycle-controller",
  "service-lb-controller",
  "node-route-controller",
];

/** Runs kubectl as the cluster's administrator. */
export function kubectl(layout: ClusterLayout, args: string[], input?: string) {
  return execa(join(layout.kubernetes.bin, "kubectl"), ["--kubeconfig", layout.adminKubeconfig, ...args], {
    reject: false,
    all: true,
    ...(input === undefined ? {} : { input }),
  });
}

async function writeConfigs(layout: ClusterLayout, runtimes: readonly ClusterRuntime[]): Promise<void> {
  for (const dir of [
    layout.containerd.root,
    layout.containerd.state,
    layout.cni.conf,
    layout.cni.state,
    layout.kubelet.root,
    join(layout.root, "bin"),
    layout.manifests,
  ])
    await mkdir(dir, { recursive: true });
  await writeFile(layout.containerd.config, containerdConfig(layout, runtimes));
  const spec = await execa("ctr", ["oci", "spec"], { reject: false });
  if (spec.exitCode !== 0)
    throw new ParityError("CLUSTER", {
      what: `Reading containerd's default container spec (ctr oci spec) failed: ${spec.stderr}`,
      next: "reinstall Debian's containerd",
    });
  await writeFile(layout.containerd.baseSpec, baseRuntimeSpec(JSON.parse(spec.stdout)));
  for (const r of runtimes) await writeFile(runscConfigPath(layout, r.handler), runscConfig(layout, r.settings));
  await writeFile(join(layout.root, "bin", "containerd-shim-runsc-v1"), shimAdapter(layout));
  await chmod(join(layout.root, "bin", "containerd-shim-runsc-v1"), 0o755);
  await writeFile(join(layout.cni.conf, "10-parity.conflist"), cniConfig(layout));
  await writeFile(layout.kubelet.config, kubeletConfig(layout));
  for (const id of ["admin", "controller-manager", "scheduler", "kubelet", "parity"]) {
    await writeFile(join(layout.root, `${id}.kubeconfig`), kubeconfig(layout, id), { mode: 0o600 });
  }
  await writeFile(layout.kubeconfig, kubeconfig(layout, "parity"), { mode: 0o600 });
}

function daemons(layout: ClusterLayout): Record<string, Daemon> {
  const bin = (name: string) => join(layout.kubernetes.bin, name);
  const pki = (file: string) => join(layout.pki, file);
  const kc = (id: string) => join(layout.root, `${id}.kubeconfig`);
  const component = (id: string) => [
    `--kubeconfig=${kc(id)}`,
    `--authentication-kubeconfig=${kc(id)}`,
    `--authorization-kubeconfig=${kc(id)}`,
    "--bind-address=127.0.0.1",
    "--leader-elect=false",
  ];
  return {
    etcd: {
      name: "etcd",
      command: "etcd",
      args: [
        "--name=parity",
        `--data-dir=${layout.etcd}`,
        "--listen-client-urls=http://127.0.0.1:2379",
        "--advertise-client-urls=http://127.0.0.1:2379",
        "--listen-peer-urls=http://127.0.0.1:2380",
        "--initial-advertise-peer-urls=http://127.0.0.1:2380",
        "--initial-cluster=parity=http://127.0.0.1:2380",
      ],
    },
    // containerd finds gVisor's shim (through its adapter) on its PATH.
    containerd: {
      name: "containerd",
      command: "containerd",
      args: ["--config", layout.containerd.config],
      env: { ...process.env, PATH: `${join(layout.root, "bin")}:${process.env.PATH}` },
    },
    "kube-apiserver": {
      name: "kube-apiserver",
      command: bin("kube-apiserver"),
      args: [
        "--etcd-servers=http://127.0.0.1:2379",
        "--bind-address=127.0.0.1",
        "--secure-port=6443",
        `--advertise-address=${NODE_IP}`,
        `--service-cluster-ip-range=${SERVICE_RANGE}`,
        `--client-ca-file=${pki("ca.crt")}`,
        `--tls-cert-file=${pki("apiserver.crt")}`,
        `--tls-private-key-file=${pki("apiserver.key")}`,
        `--kubelet-client-certificate=${pki("apiserver-kubelet-client.crt")}`,
        `--kubelet-client-key=${pki("apiserver-kubelet-client.key")}`,
        `--kubelet-certificate-authority=${pki("ca.crt")}`,
        "--kubelet-preferred-address-types=InternalIP",
        `--service-account-key-file=${pki("sa.pub")}`,
        `--service-account-signing-key-file=${pki("sa.key")}`,
        "--service-account-issuer=https://kubernetes.default.svc",
        // As on managed clusters: Node and RBAC authorization, Pod Security admission.
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction,PodSecurity",
        "--anonymous-auth=false",
        "--allow-privileged=true",
        "--profiling=false",
        "--endpoint-reconciler-type=none",
      ],
    },
    "kube-controller-manager": {
      name: "kube-controller-manager",
      command: bin("kube-controller-manager"),
      args: [
        ...component("controller-manager"),
        `--service-account-private-key-file=${pki("sa.key")}`,
        `--root-ca-file=${pki("ca.crt")}`,
        "--use-service-account-credentials=true",
        `--controllers=${["*", ...UNUSED_CONTROLLERS.map((c) => `-${c}`)].join(",")}`,
      ],
    },
    "kube-scheduler": { name: "kube-scheduler", command: bin("kube-scheduler"), args: component("scheduler") },
    kubelet: {
      name: "kubelet",
      command: bin("kubelet"),
      args: [
        `--config=${layout.kubelet.config}`,
        `--kubeconfig=${kc("kubelet")}`,
        `--hostname-override=${NODE_NAME}`,
        `--node-ip=${NODE_IP}`,
        `--root-dir=${layout.kubelet.root}`,
      ],
    },
  };
}

/** The versions of what runs the node, for the campaign's facts: pinned builds and Debian's packages as installed. */
async function componentVersions(gvisorPlatform: string): Promise<Record<string, string>> {
  const packages = ["etcd-server", "containerd", "runc", "containernetworking-plugins"];
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
  const query = await execa("dpkg-query", ["--show", "--showformat=${Package} ${Version}\\n", ...packages], {
    reject: false,
  });
  const installed = Object.fromEntries(
    query.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(" ") as [string, string]),
  );
  return {
    kubernetes: CLUSTER_VERSIONS.kubernetes,
    etcd: installed["etcd-server"] ?? "unknown",
    containerd: installed.containerd ?? "unknown",
    runc: installed.runc ?? "unknown",
    cniPlugins: installed["containernetworking-plugins"] ?? "unknown",
    gvisor: CLUSTER_VERSIONS.gvisor,
    gvisorPlatform,
  };
}

/** The order daemons start in; `cluster down` stops them the other way round. */
export const DAEMON_ORDER = [
  "etcd",
  "containerd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubelet",
  "volume-recycler",
] as const;

/**
 * Builds what is missing (cached by version), then starts a real single-node Kubernetes on this
 * machine: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, containerd (runc by
 * default, gVisor as the runsc handler) and the kubelet; imports the images; creates the
 * RuntimeClass, local volumes, Parity's namespace and its permissions; writes the kubeconfig.
 */
export async function clusterUp(
  layout: ClusterLayout,
  options: { gvisorPlatform: string; recycler: Daemon },
  log: (line: string) => void,
): Promise<void> {
  const running = await runningDaemons(layout);
  if (running.length > 0)
    throw new ParityError("CLUSTER", {
      what: `The local cluster is already running (${running.join(", ")})`,
      next: "use it as it is, or run `parity cluster down` first",
    });
  await checkTools();
  await buildKubernetes(layout, log);
  await buildGvisor(layout, log);
  await ensurePki(layout);
  const runtimes = clusterRuntimes(options.gvisorPlatform);
  await writeConfigs(layout, runtimes);
  const ipAdd = await execa("ip", ["addr", "replace", `${NODE_IP}/32`, "dev", "lo"], { reject: false, all: true });
  if (ipAdd.exitCode !== 0)
    throw new ParityError("CLUSTER", {
      what: `Giving the node its address (${NODE_IP} on lo) failed: ${ipAdd.all}`,
      next: "run parity cluster up as root",
    });
  const d = daemons(layout);
  const http = (url: string) => () => fetch(url).then((r) => r.ok);
  log("starting etcd");
  await waitReady(layout, "etcd", await startDaemon(layout, d.etcd!), http("http://127.0.0.1:2379/health"));
  log("starting containerd");
  const ctr = () =>
    execa("ctr", ["--address", layout.socket, "version"], { reject: false }).then((r) => r.exitCode === 0);
  await waitReady(layout, "containerd", await startDaemon(layout, d.containerd!), ctr);
  await importImages(layout, log);
  log(`starting kube-apiserver on ${API_SERVER}`);
  const readyz = () => kubectl(layout, ["get", "--raw", "/readyz"]).then((r) => r.exitCode === 0);
  await waitReady(layout, "kube-apiserver", await startDaemon(layout, d["kube-apiserver"]!), readyz);
  let kubeletPid = 0;
  for (const name of ["kube-controller-manager", "kube-scheduler", "kubelet"] as const) {
    log(`starting ${name}`);
    kubeletPid = await startDaemon(layout, d[name]!);
  }
  const nodeReady = () =>
    kubectl(layout, ["get", "node", NODE_NAME, "-o", 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']).then(
      (r) => r.stdout === "True",
    );
  await waitReady(layout, "kubelet", kubeletPid, nodeReady);
  const components = JSON.stringify(await componentVersions(options.gvisorPlatform));
  const annotated = await kubectl(layout, [
    "annotate",
    "node",
    NODE_NAME,
    "--overwrite",
    `${COMPONENTS_ANNOTATION}=${components}`,
    `${RUNTIME_SETTINGS_ANNOTATION}=${JSON.stringify(runtimeSettingsOf(runtimes))}`,
  ]);
  if (annotated.exitCode !== 0)
    throw new ParityError("CLUSTER", {
      what: `Recording the component versions and runtime settings on node ${NODE_NAME} failed: ${annotated.all}`,
      next: "run `parity cluster down` and `parity cluster up` again",
    });
  const objects = [...clusterObjects(runtimes), ...(await prepareVolumes(layout))];
  const applied = await kubectl(
    layout,
    ["apply", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
  );
  if (applied.exitCode !== 0)
    throw new ParityError("CLUSTER", {
      what: `Creating the cluster's objects failed: ${applied.all}`,
      next: "run `parity cluster down` and `parity cluster up` again",
    });
  log("starting the volume recycler");
  await startDaemon(layout, options.recycler);
}
