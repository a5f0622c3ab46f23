import { readdir, readFile } from "node:fs/promises";
import type { RunEnvironment } from "../../schemas/measurement.ts";

/** What the machine looked like at one instant, for the run's CPUs (times in clock ticks, USER_HZ). */
export interface MachineSample {
  /** Time of the run's CPUs: all of it, and what the hypervisor gave to someone else (steal). */
  total: number;
  steal: number;
  /**
   * CPU time so far of every other process: not the runner, not its descendants, not in a Parity
   * container's cgroup.
   */
  others: Map<number, number>;
  /** Which of `others` are kernel threads (loop and block workers, writeback, the journal, memory scanners). */
  kernelThreads: Set<number>;
}

/** Expands a cpuset list such as "0-1,4" into CPU numbers. */
export function cpuList(cpuset: string): number[] {
  return cpuset.split(",").flatMap((part) => {
    const [from, to] = part.split("-").map(Number);
    return to === undefined ? [from!] : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

async function read(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}

/** The kernel's PF_KTHREAD flag in /proc/<pid>/stat's flags field. */
const PF_KTHREAD = 0x00200000;

/**
 * pid → [parent pid, CPU time, kernel thread] of every process, from /proc/<pid>/stat: its own
 * time plus that of the children it has reaped (utime, stime, cutime, cstime), so that a
 * short-lived process that came and went during a run still counts, through its parent.
 */
async function processes(): Promise<Map<number, [number, number, boolean]>> {
  const out = new Map<number, [number, number, boolean]>();
  for (const name of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    // Fields after the command name: state, ppid, …, flags is the 7th; utime, stime, cutime and cstime
    // the 12th to 15th.
    const fields = (await read(`/proc/${name}/stat`)).replace(/^.*\) /s, "").split(" ");
    if (fields.length > 15)
      out.set(Number(name), [
        Number(fields[1]),
        Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        (Number(fields[6]) & PF_KTHREAD) !== 0,
      ]);
  }
  return out;
}

/** Samples the run's CPUs and the CPU time of every process that is neither Parity nor its workload. */
export async function sampleMachine(cpus: readonly number[]): Promise<MachineSample> {
  const sample: MachineSample = { total: 0, steal: 0, others: new Map(), kernelThreads: new Set() };
  for (const line of (await read("/proc/stat")).split("\n")) {
    const m = line.match(/^cpu(\d+)\s+(.*)$/);
    if (!m || !cpus.includes(Number(m[1]))) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = m[2]!
      .trim()
      .split(/\s+/)
      .map(Number);
    sample.total += user + nice + system + idle + iowait + irq + softirq + steal;
    sample.steal += steal;
  }
  const procs = await processes();
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = procs.get(p)?.[0] ?? 0, hops++)
      if (p === process.pid) return true;
    return false;
  };
  for (const [pid, [, cpu, kernel]] of procs) {
    if (ours(pid)) continue;
    // A sandbox's processes (gVisor's ptrace stubs) may hang off a parent that exited; their cgroup still names them.
    if (/:\/parity-[^\n]*$/m.test(await read(`/proc/${pid}/cgroup`))) continue;
    sample.others.set(pid, cpu);
    if (kernel) sample.kernelThreads.add(pid);
  }
  return sample;
}

/** The 1-minute load average and the mean CPU clock, where the machine shows them. */
export async function readLoad(): Promise<{ loadAvg1: number; cpuMHz?: number }> {
  const loadAvg1 = Number((await read("/proc/loadavg")).split(" ")[0]) || 0;
  const mhz = [...(await read("/proc/cpuinfo")).matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  return { loadAvg1, ...(mhz.length > 0 ? { cpuMHz: mhz.reduce((a, b) => a + b, 0) / mhz.length } : {}) };
}

/**
 * The machine around one run: the CPU time that other processes (not Parity, not the workload)
 * used during it, those started during the run included, in percent of the run's CPUs' time,
 * though they may have run on other CPUs; the steal time; the load and clock at the start.
 *
 * Kernel threads count only when `kernelThreads` says so. While a workload runs, the kernel works
 * for it (the loop device's and block layer's workers, writeback, the journal): counted as others,
 * they made fio's own block path look like a busy machine (12–14% in every block run). Before a
 * run nothing of Parity's is running, so there they count: the quiet wait sees them.
 */
export function environmentOf(
  before: MachineSample,
  after: MachineSample,
  load: { loadAvg1: number; cpuMHz?: number },
  options: { kernelThreads: boolean } = { kernelThreads: false },
): RunEnvironment {
  const total = after.total - before.total;
  let others = 0;
  for (const [pid, cpu] of after.others) {
    if (!options.kernelThreads && after.kernelThreads.has(pid)) continue;
    // A process that started during the run spent all of its CPU time in it.
    const start = before.others.get(pid) ?? 0;
    others += Math.max(0, cpu - start);
  }
  // A share of the run's CPUs: children reaped during the run add their whole CPU time at once,
  // which can exceed the run's own window, so the share is capped at all of it.
  const percent = (ticks: number) => (total > 0 ? Math.min(100, (ticks / total) * 100) : 0);
  return {
    loadAvg1: load.loadAvg1,
    otherCpuPercent: percent(others),
    stealPercent: percent(after.steal - before.steal),
    ...(load.cpuMHz !== undefined ? { cpuMHz: load.cpuMHz } : {}),
  };
}
