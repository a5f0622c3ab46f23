import { readFile, readlink } from "node:fs/promises";
import { availableParallelism, cpus, release, totalmem } from "node:os";
import type { RunnerView } from "../../contracts/runtime-info.ts";
import type { ToolRequirement } from "../../guides/define-guide.ts";
import type { HostFacts } from "../../schemas/campaign.ts";
import { versionOf } from "./tools.ts";

async function readOr(path: string, fallback: string): Promise<string> {
  return readFile(path, "utf8").catch(() => fallback);
}

/** CPUs this process may run on, as a cpuset list (e.g. "0-1"), from /proc/self/status. */
export async function allowedCpus(): Promise<string> {
  const status = await readOr("/proc/self/status", "");
  return status.match(/^Cpus_allowed_list:\s*(\S+)/m)?.[1] ?? `0-${availableParallelism() - 1}`;
}

/** The most memory a process may lock, from the runner's own limits: what its workloads get too. */
const DEFAULT_MEMLOCK = 8 * 1024 * 1024;
export async function memlockLimit(): Promise<number> {
  const limits = await readOr("/proc/self/limits", "");
  const soft = limits.match(/^Max locked memory\s+(\S+)/m)?.[1];
  return soft === undefined || soft === "unlimited" ? DEFAULT_MEMLOCK : Number(soft);
}

/** The runner's own PID namespace and kernel, to compare the workload's view against. */
export async function localRunnerView(): Promise<RunnerView> {
  return { pidNamespace: await readlink("/proc/self/ns/pid"), kernel: release() };
}

/** Extracts "1.0.20" from "sysbench 1.0.20" or "runc version 1.1.5+ds1". */
export function versionNumber(line: string): string {
  return line.match(/([0-9]+\.[0-9]+(?:\.[0-9]+)?[^\s,]*)/)?.[1] ?? line;
}

/** Kernel, OS, CPU, memory, runc and tool versions of this machine (no host name). */
export async function localHostFacts(
  tools: readonly ToolRequirement[],
  cpuset: string,
  ociRuntimes: readonly string[],
): Promise<HostFacts> {
  const osRelease = await readOr("/etc/os-release", "");
  const cpuinfo = await readOr("/proc/cpuinfo", "");
  const toolVersions: Record<string, string> = {};
  for (const tool of tools) toolVersions[tool.binary] = versionNumber(await versionOf(tool.versionArgv));
  const runtimeVersions: Record<string, string> = {};
  for (const binary of ociRuntimes) runtimeVersions[binary] = versionNumber(await versionOf([binary, "--version"]));
  return {
    role: "local",
    kernel: release(),
    os: osRelease.match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? "unknown",
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? "unknown",
    vcpus: cpus().length,
    memoryBytes: totalmem(),
    cpuset,
    runtimeVersions,
    tools: toolVersions,
  };
}
