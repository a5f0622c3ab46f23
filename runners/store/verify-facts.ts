import { rawLogStdout } from "../contracts/raw-log.ts";
import { splitProbe } from "../core/probe.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import type { CampaignStore } from "./campaign-store.ts";
import { probeLog } from "./layout.ts";

/** CPUs in a cpuset list such as "0-1,4". */
export function cpusetSize(cpuset: string): number {
  return cpuset
    .split(",")
    .filter(Boolean)
    .reduce((n, part) => {
      const [a, b] = part.split("-").map(Number);
      return n + (b === undefined ? 1 : b - a! + 1);
    }, 0);
}

/**
 * campaign.json's facts against what the workloads themselves printed: the machine's kernel is
 * the one the baseline's probe saw (a container shares its host's kernel), no workload saw more
 * vCPUs than the machine has, and on this machine the cpuset every runtime was pinned to holds
 * as many CPUs as the baseline saw. Each problem names the fact and both values.
 */
export async function verifyFacts(store: CampaignStore, campaign: Campaign): Promise<string[]> {
  const problems: string[] = [];
  const host =
    campaign.target.kind === "local" ? campaign.hosts[0] : campaign.hosts.find((h) => h.role === campaign.baseline);
  if (!host) return problems;
  for (const runtime of campaign.runtimes) {
    const text = await store.readFile(campaign.id, probeLog(runtime)).catch(() => undefined);
    if (text === undefined) {
      problems.push(
        `${probeLog(runtime)}, the probe of ${runtime}, is missing: campaign.json's facts cannot be checked.`,
      );
      continue;
    }
    let facts: ReturnType<typeof splitProbe>["facts"];
    try {
      facts = splitProbe(rawLogStdout(text), probeLog(runtime)).facts;
    } catch (error) {
      problems.push(`${probeLog(runtime)} no longer reads as a probe (${(error as Error).message}).`);
      continue;
    }
    if (runtime === campaign.baseline && facts.kernel !== host.kernel)
      problems.push(
        `campaign.json records kernel ${host.kernel}, but the baseline's probe (${probeLog(runtime)}) saw ` +
          `${facts.kernel}: the facts were edited.`,
      );
    if (facts.vcpus > host.vcpus)
      problems.push(
        `campaign.json records ${host.vcpus} vCPU(s), but ${runtime}'s probe saw ${facts.vcpus}: the facts were ` +
          "edited.",
      );
    if (runtime === campaign.baseline && host.cpuset && cpusetSize(host.cpuset) !== facts.vcpus)
      problems.push(
        `campaign.json records cpuset ${host.cpuset} (${cpusetSize(host.cpuset)} CPUs), but the baseline's probe saw ` +
          `${facts.vcpus} vCPU(s): the facts were edited.`,
      );
  }
  return problems;
}

/** A guide's tool versions in campaign.json against the versions its runs' outputs print. */
export function verifyToolVersions(campaign: Campaign, guide: GuideDefinition, result: GuideResult): string[] {
  const problems: string[] = [];
  const [tool] = guide.tools;
  if (guide.tools.length !== 1 || !tool) return problems;
  const seen = new Set(
    result.measurements.map((m) => m.metrics.toolVersion).filter((v): v is string => typeof v === "string"),
  );
  for (const host of campaign.hosts) {
    const recorded = host.tools[tool.binary];
    if (recorded === undefined) continue;
    for (const version of seen)
      if (version !== recorded)
        problems.push(
          `campaign.json records ${tool.binary} ${recorded}, but ${guide.id}'s raw logs print ${version}: the facts ` +
            `were edited.`,
        );
  }
  return problems;
}
