import { readFile } from "node:fs/promises";

/** cgroup v1's cpu controller mount; its `cpu.rt_runtime_us` exists only where the kernel does RT group scheduling. */
const CPU_CGROUP_ROOT = "/sys/fs/cgroup/cpu";

/**
 * The real-time budget a realtime container needs here: none where the kernel has no RT
 * group scheduling (cgroup v2, or CONFIG_RT_GROUP_SCHED off); else half the root cgroup's
 * budget. A child may not get more than its parent and the runner's own cgroup may have
 * none, so such a container's cgroup is placed directly under the root (see runcConfig's
 * `cgroupsPath`). Half leaves room for others and is far above what cyclictest's short
 * wake-ups use.
 */
export async function realtimeBudget(root = CPU_CGROUP_ROOT): Promise<{ rtRuntimeUs?: number }> {
  let text: string;
  try {
    text = await readFile(`${root}/cpu.rt_runtime_us`, "utf8");
  } catch {
    return {};
  }
  const available = Number(text.trim());
  // -1 means unlimited at the root; children still need a finite budget.
  const budget = available < 0 ? 950_000 : available;
  return budget > 0 ? { rtRuntimeUs: Math.floor(budget / 2) } : {};
}
