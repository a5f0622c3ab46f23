import { readFile } from "node:fs/promises";

/** cgroup v1's cpu controller mount; its `cpu.rt_runtime_us` exists only where the kernel does RT group scheduling. */
const CPU_CGROUP_ROOT = "/sys/fs/cgroup/cpu";

/** The runner's own cgroup in the v1 cpu hierarchy, from /proc/self/cgroup (e.g. "1:cpu:/" or "3:cpu,cpuacct:/user.slice"). */
export function cpuCgroupPath(procSelfCgroup: string): string | undefined {
  for (const line of procSelfCgroup.split("\n")) {
    const [, controllers, path] = line.match(/^\d+:([^:]*):(.*)$/) ?? [];
    if (controllers?.split(",").includes("cpu")) return path;
  }
  return undefined;
}

/**
 * The real-time budget a realtime container needs here: none where the kernel has no RT
 * group scheduling (cgroup v2, or CONFIG_RT_GROUP_SCHED off); else half the budget of the
 * runner's own cpu cgroup, under which runc creates the container's: a child may not get
 * more than its parent, and half leaves room for others while being far above what
 * cyclictest's short wake-ups use.
 */
export async function realtimeBudget(root = CPU_CGROUP_ROOT, procSelfCgroup = "/proc/self/cgroup"): Promise<{ rtRuntimeUs?: number }> {
  let text: string;
  try {
    const path = cpuCgroupPath(await readFile(procSelfCgroup, "utf8")) ?? "/";
    text = await readFile(`${root}${path === "/" ? "" : path}/cpu.rt_runtime_us`, "utf8");
  } catch {
    return {};
  }
  const available = Number(text.trim());
  // -1 means unlimited; children still need a finite budget.
  const budget = available < 0 ? 950_000 : available;
  return budget > 0 ? { rtRuntimeUs: Math.floor(budget / 2) } : {};
}
