import { ParityError } from "../core/errors.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import type { RunArgs } from "./options.ts";

/** Planning options given on a resume's command line, as the campaign recorded them; one that differs is refused. */
const PLANNING: Array<[string, (c: Campaign) => string | undefined]> = [
  ["runtimes", (c) => c.runtimes.join(",")],
  ["baseline", (c) => c.baseline],
  ["runs", (c) => String(c.runs)],
  ["storage", (c) => c.storageModes?.join(",")],
  ["warmup", (c) => String(c.warmup ?? 0)],
  ["seed", (c) => (c.seed === undefined ? undefined : String(c.seed))],
  ["gvisor-platform", (c) => c.hosts[0]?.runtimeSettings?.gvisor?.platform],
  ["threshold", (c) => String(c.thresholdPercent)],
  ["release", (c) => c.release],
];

/**
 * With --resume, the campaign's own plan replaces the planning options of the command line:
 * the same runtimes, runs, parameters, storage, order and gVisor platform. A resume given
 * options that contradict the campaign is refused rather than silently ignored.
 */
export async function resumeOptions(
  store: CampaignStore,
  options: RunArgs,
  given: Record<string, unknown>,
): Promise<RunArgs> {
  const c = await store.readCampaign(options.campaign);
  if (c.target.kind !== options.target) {
    throw new ParityError("INVALID_INPUT", {
      what: `Campaign "${c.id}" ran on the ${c.target.kind} target`,
      next: `resume it with --target ${c.target.kind}`,
    });
  }
  const conflicts = PLANNING.filter(
    ([name, recorded]) => given[name] !== undefined && String(given[name]) !== recorded(c),
  ).map(([name, recorded]) => `--${name} ${String(given[name])} (the campaign has ${recorded(c) ?? "none"})`);
  const positional = (given._ as string[] | undefined) ?? [];
  if (positional.length > 0 && positional.join(",") !== c.guides.join(","))
    conflicts.push(`guides ${positional.join(" ")} (the campaign has ${c.guides.join(" ")})`);
  if (given.set)
    conflicts.push(
      `--set ${String(given.set)} (parameters are fixed when a campaign starts: ${JSON.stringify(c.parameters ?? {})})`,
    );
  if (conflicts.length > 0) {
    throw new ParityError("INVALID_INPUT", {
      what:
        `Cannot resume campaign "${c.id}" with ${conflicts.join(", ")}: a resumed campaign runs exactly as it ` +
        `started`,
      next: "resume without these options, or start a new campaign",
    });
  }
  return {
    ...options,
    guides: c.guides,
    runtimes: c.runtimes,
    baseline: c.baseline,
    runs: c.runs,
    quick: c.quick,
    noiseFloor: c.noiseFloor,
    threshold: c.thresholdPercent,
    release: c.release,
    force: false,
    warmup: c.warmup ?? 0,
    seed: c.seed ?? 0,
    maxRuns: c.maxRuns,
    gvisorPlatform:
      (c.hosts[0]?.runtimeSettings?.gvisor?.platform as RunArgs["gvisorPlatform"]) ?? options.gvisorPlatform,
  };
}
