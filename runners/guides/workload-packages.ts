import type { GuideDefinition } from "./define-guide.ts";

/**
 * Debian packages every workload needs beside the guides' own tools: what the probe script runs
 * (coreutils; util-linux for dmesg, chrt and findmnt; mawk for awk) and procps (ps, free) for a
 * reader looking inside a running pod.
 */
export const BASE_PACKAGES = ["util-linux", "procps", "coreutils", "mawk"] as const;

/**
 * The workload image's packages: each guide's declared tools, in the registry's order, then the
 * base packages; one list, so that a new guide's tool reaches the image without another edit.
 */
export function workloadPackages(guides: readonly Pick<GuideDefinition, "tools">[]): string[] {
  return [...new Set([...guides.flatMap((g) => g.tools.map((t) => t.debianPackage)), ...BASE_PACKAGES])];
}

/**
 * The workload image's Containerfile, built from the same list: Debian 12 with the packages, run as an
 * unprivileged user so that the pods pass Pod Security "restricted" (the jitter guide's pods override the user
 * with root and only CAP_SYS_NICE, which cyclictest needs). `parity containerfile` prints it; nothing is edited
 * by hand when a guide adds a tool.
 */
export function workloadContainerfile(guides: readonly Pick<GuideDefinition, "tools">[], tag: string): string {
  return [
    "# The benchmark image of Parity's Kubernetes target, printed by `npx parity containerfile`:",
    "# Debian's packages of every guide's tools and the probe's, run as an unprivileged user.",
    `#   npx parity containerfile | docker build -f - -t REGISTRY/parity-workload:${tag} .`,
    `#   npx parity run --target kubernetes --image REGISTRY/parity-workload:${tag} ...`,
    "FROM debian:bookworm-slim",
    "RUN apt-get update \\",
    ` && apt-get install -y --no-install-recommends ${workloadPackages(guides).join(" ")} \\`,
    " && rm -rf /var/lib/apt/lists/*",
    "USER 65534:65534",
    "WORKDIR /tmp",
    "",
  ].join("\n");
}
