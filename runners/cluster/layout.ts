import { join } from "node:path";
import { buildCache } from "../toolchain/build-cache.ts";

/**
 * Where the local cluster keeps things. Builds are cached by version under the cache folder
 * (`PARITY_CACHE`, default /var/cache/parity) and survive `cluster down`; the running cluster's
 * state lives under one root (`PARITY_CLUSTER_ROOT`, default /var/lib/parity-cluster) that
 * `cluster down` empties.
 */
export function clusterLayout(env: NodeJS.ProcessEnv = process.env) {
  const builds = buildCache(env);
  const root = env.PARITY_CLUSTER_ROOT ?? "/var/lib/parity-cluster";
  return {
    ...builds,
    root,
    images: join(builds.cache, "images-0.1.0"),
    pki: join(root, "pki"),
    etcd: join(root, "etcd"),
    containerd: {
      root: join(root, "containerd", "root"),
      state: join(root, "run", "containerd"),
      config: join(root, "containerd", "config.toml"),
      runsc: join(root, "containerd", "runsc.toml"),
      baseSpec: join(root, "containerd", "base-spec.json"),
    },
    socket: join(root, "run", "containerd.sock"),
    cni: { conf: join(root, "cni", "conf"), state: join(root, "cni", "state") },
    kubelet: { root: join(root, "kubelet"), config: join(root, "kubelet", "config.yaml") },
    volumes: join(root, "volumes"),
    logs: join(root, "logs"),
    pids: join(root, "run", "pids"),
    manifests: join(root, "manifests"),
    /** The kubeconfig of Parity's own identity (least privilege), printed for the user. */
    kubeconfig: join(root, "kubeconfig"),
    /** The administrator's kubeconfig, for setting the cluster up and for tests that inspect it. */
    adminKubeconfig: join(root, "admin.kubeconfig"),
  };
}

export type ClusterLayout = ReturnType<typeof clusterLayout>;
