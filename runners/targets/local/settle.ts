import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { ParityError } from "../../core/errors.ts";
import { BUSY_PERCENT, QUIET_WINDOW_MS } from "../../core/machine-state.ts";
import { environmentOf, sampleMachine } from "./run-environment.ts";

/**
 * The calibration: a fixed CPU kernel (sysbench's primes) and a fixed memory write, one thread,
 * pinned to the run's CPUs. About 0.1 s on this machine; a slower one says the machine was slowed
 * in a way the busy share cannot see (a neighbour in another VM, a CPU quota, a lower clock). The
 * write's blocks are larger than the caches, so a neighbour that takes memory bandwidth slows it:
 * in a memory campaign here, one thread's bandwidth fell by a third for minutes in every runtime
 * while the busy share stayed under 1% and a write of 1 MiB blocks (cache) ran as fast as ever.
 */
const CALIBRATION = {
  cpu: ["cpu", "--threads=1", "--cpu-max-prime=10000", "--events=250", "--time=0", "run"],
  memory: ["memory", "--threads=1", "--memory-block-size=64M", "--memory-total-size=1G", "--memory-oper=write", "run"],
} as const;

/** What settling before a run recorded. */
export interface Settled {
  quietWaitMs: number;
  quietAtStart: boolean;
  /** The whole calibration, and its memory write alone. */
  calibrationMs: number;
  calibrationMemoryMs: number;
}

/** Waits, in windows of QUIET_WINDOW_MS, until others take at most BUSY_PERCENT of `cpus`; gives up after `maxMs`. */
async function waitForQuiet(
  cpus: readonly number[],
  maxMs: number,
  signal?: AbortSignal,
): Promise<{ waitedMs: number; quiet: boolean }> {
  const started = performance.now();
  for (;;) {
    const before = await sampleMachine(cpus);
    await sleep(QUIET_WINDOW_MS, undefined, { signal }).catch(() => undefined);
    const seen = environmentOf(before, await sampleMachine(cpus), { loadAvg1: 0 }, { kernelThreads: true });
    const waitedMs = Math.round(performance.now() - started);
    if (seen.otherCpuPercent <= BUSY_PERCENT && seen.stealPercent <= BUSY_PERCENT) return { waitedMs, quiet: true };
    if (waitedMs >= maxMs || signal?.aborted) return { waitedMs, quiet: false };
  }
}

/** Runs one part of the calibration on `cpuset`, returning sysbench's own total time in ms. */
async function calibrate(cpuset: string, args: readonly string[], signal?: AbortSignal): Promise<number> {
  const run = await execa("taskset", ["-c", cpuset, "sysbench", ...args], {
    reject: false,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const seconds = Number(/total time:\s+([\d.]+)s/.exec(String(run.stdout))?.[1]);
  if (run.exitCode !== 0 || !(seconds > 0))
    throw new ParityError("TOOL_FAILED", {
      what: `The calibration before a run (\`taskset -c ${cpuset} sysbench ${args.join(" ")}\`) failed`,
      evidence: String(run.stderr || run.stdout).slice(-500) || "(no output)",
      next: "check that sysbench and taskset run on this machine (`npx parity doctor`)",
    });
  return seconds * 1000;
}

/**
 * Before a measured run: a quiet machine (bounded wait), then the calibration, both recorded;
 * undefined when interrupted meanwhile (the run that follows is then interrupted too).
 */
export async function settle(
  cpuset: string,
  cpus: readonly number[],
  maxWaitMs: number,
  signal?: AbortSignal,
): Promise<Settled | undefined> {
  const { waitedMs, quiet } = await waitForQuiet(cpus, maxWaitMs, signal);
  if (signal?.aborted) return undefined;
  try {
    const cpuMs = await calibrate(cpuset, CALIBRATION.cpu, signal);
    const memoryMs = await calibrate(cpuset, CALIBRATION.memory, signal);
    return {
      quietWaitMs: waitedMs,
      quietAtStart: quiet,
      calibrationMs: cpuMs + memoryMs,
      calibrationMemoryMs: memoryMs,
    };
  } catch (error) {
    if (signal?.aborted) return undefined;
    throw error;
  }
}

/** How long a release looks at the machine before it starts. */
const BUSY_CHECK_MS = 2000;

/**
 * Whether others use this machine now: over two seconds, the share of every CPU that processes
 * other than Parity took, and the steal time. A description of what was seen when either passes
 * BUSY_PERCENT; undefined when the machine is quiet.
 */
export async function machineBusy(cpus: readonly number[]): Promise<string | undefined> {
  const before = await sampleMachine(cpus);
  await sleep(BUSY_CHECK_MS);
  const seen = environmentOf(before, await sampleMachine(cpus), { loadAvg1: 0 }, { kernelThreads: true });
  if (seen.otherCpuPercent <= BUSY_PERCENT && seen.stealPercent <= BUSY_PERCENT) return undefined;
  return (
    `other processes took ${seen.otherCpuPercent.toFixed(1)}% and steal ${seen.stealPercent.toFixed(1)}% of the ` +
    `${cpus.length} CPU(s) over ${BUSY_CHECK_MS / 1000} s, more than ${BUSY_PERCENT}%`
  );
}
