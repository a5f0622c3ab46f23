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
