import { join } from "node:path";
import { CLUSTER_VERSIONS } from "./versions.ts";

/**
 * Where what Parity builds from the Go module proxy is cached, by version, under the cache folder
 * (`PARITY_CACHE`, default /var/cache/parity): Kubernetes for the local cluster, gVisor (runsc and its
 * shim) for the local target and the cluster alike. It survives `cluster down`.
 */
export function buildCache(env: NodeJS.ProcessEnv = process.env) {
  const cache = env.PARITY_CACHE ?? "/var/cache/parity";
  const kubernetes = join(cache, `kubernetes-${CLUSTER_VERSIONS.kubernetes}`);
  const gvisor = join(cache, `gvisor-${CLUSTER_VERSIONS.gvisor}-build${CLUSTER_VERSIONS.gvisorBuild}`);
  return {
    cache,
    kubernetes: { src: join(kubernetes, "src"), bin: join(kubernetes, "bin") },
    gvisor: { src: join(gvisor, "src"), bin: join(gvisor, "bin") },
  };
}

export type BuildCache = ReturnType<typeof buildCache>;
