import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";

/** The cgroup2 mount of a hybrid hierarchy (cgroup v1 controllers, plus a v2 mount beside them). */
const UNIFIED = "/sys/fs/cgroup/unified";

/**
 * crun 1.8 refuses a hybrid hierarchy whose cgroup2 mount holds a controller ("cgroups in hybrid
 * mode not supported, drop all controllers from cgroupv2"); runc does not mind. Each such
 * controller (on Debian 12 machines like this one, hugetlb, which nothing uses) is mounted as a
 * cgroup v1 hierarchy of its own inside `dir`, which moves it off the cgroup2 mount for as long as
 * the mount lasts: the target's cleanup unmounts it, and the controller returns. Returns the
 * controllers moved, for the campaign's record.
 */
export async function moveControllersOffCgroup2(dir: string): Promise<string[]> {
  const listed = await readFile(join(UNIFIED, "cgroup.controllers"), "utf8").catch(() => "");
  const controllers = listed.split(/\s+/).filter(Boolean);
  for (const controller of controllers) {
    const point = join(dir, `cgroup-${controller}`);
    await mkdir(point, { recursive: true });
    const mounted = await execa("mount", ["-t", "cgroup", "-o", controller, "cgroup", point], { reject: false });
    if (mounted.exitCode !== 0)
      throw new ParityError("TOOL_FAILED", {
        what:
          `crun cannot run here: this machine's cgroup2 mount (${UNIFIED}) holds the ${controller} controller, ` +
          `which crun 1.8 refuses in a hybrid hierarchy, and it could not be moved to a cgroup v1 hierarchy`,
        evidence: String(mounted.stderr).trim(),
        next: "leave crun out of --runtimes on this machine",
      });
  }
  return controllers;
}
