import type { GuideDefinition, StorageMode } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { Spending } from "../schemas/sequential-plan.ts";
import { type PlannedRun, planGuideRuns } from "./schedule.ts";

/** What decides a campaign's runs, as campaign.json records them. */
export type PlanSettings = Pick<
  Campaign,
  | "guides"
  | "runtimes"
  | "baseline"
  | "noiseFloor"
  | "runs"
  | "guideRuns"
  | "warmup"
  | "seed"
  | "storageModes"
  | "sequential"
>;

/** One guide's share of the plan. */
export interface GuidePlan {
  guide: string;
  /** Measured runs per arm, e.g. `5` (startup's own default is `20`). */
  runs: number;
  /** The guide's storage modes, e.g. `["filesystem", "block"]`; empty for a guide without storage. */
  storageModes: StorageMode[];
  /** Every run in order: warm-ups, then `rounds` blocks (more than `runs` with --until-conclusive). */
  order(rounds?: number): PlannedRun[];
}

/**
 * The whole campaign's plan, from its recorded settings alone: the progress estimate, the
 * runner, a resume and `parity check` all call this, so they cannot disagree on what runs.
 */
export function planCampaign(
  settings: PlanSettings,
  guideOf: (id: string) => Pick<GuideDefinition, "id" | "storage">,
): GuidePlan[] {
  return settings.guides.map((id) => {
    const guide = guideOf(id);
    const runs = settings.guideRuns?.[id] ?? settings.runs;
    // The campaign's modes that this guide declares (none for a guide without storage).
    const storageModes = (settings.storageModes ?? []).filter((m) => guide.storage?.modes.includes(m));
    return {
      guide: id,
      runs,
      storageModes,
      order: (rounds = runs) =>
        planGuideRuns({
          guide: id,
          runtimes: settings.runtimes,
          baseline: settings.baseline,
          noiseFloor: settings.noiseFloor,
          variants: storageModes,
          runs: rounds,
          warmup: settings.warmup ?? 0,
          seed: settings.seed ?? 0,
        }),
    };
  });
}

/**
 * The settings a new campaign records: runs per guide (a guide's own default unless `--runs`
 * or `--quick` was given) and the storage modes when a guide needs storage.
 */
export function planSettings(
  options: Omit<PlanSettings, "guideRuns" | "storageModes" | "sequential"> & {
    runsGiven?: boolean;
    quick: boolean;
    /** With --until-conclusive: the most runs per runtime, the number of looks and how α is spent over them. */
    maxRuns?: number;
    looks?: number;
    spending?: Spending;
  },
  guideOf: (id: string) => Pick<GuideDefinition, "id" | "storage" | "defaultRuns">,
  storageModes: readonly StorageMode[],
): PlanSettings {
  const guideRuns = Object.fromEntries(
    options.guides.map((id) => [id, guideRunsOf(guideOf(id), options)] as const).filter(([, n]) => n !== options.runs),
  );
  return {
    guides: options.guides,
    runtimes: options.runtimes,
    baseline: options.baseline,
    noiseFloor: options.noiseFloor,
    runs: options.runs,
    ...(Object.keys(guideRuns).length > 0 ? { guideRuns } : {}),
    warmup: options.warmup ?? 0,
    seed: options.seed ?? 0,
    ...(options.guides.some((id) => guideOf(id).storage) ? { storageModes: [...storageModes] } : {}),
    sequential: {
      alpha: ALPHA,
      spending: options.spending ?? "obrien-fleming",
      looks: Object.fromEntries(
        options.guides.map((id) => [id, looksOf(guideRunsOf(guideOf(id), options), options.maxRuns, options.looks)]),
      ),
    },
  };
}

/** Level of each one-sided test over a whole plan: the 90% interval at a single look. */
const ALPHA = 0.05;

/**
 * A guide's looks: its planned runs, then (with --until-conclusive) `count` looks in all, evenly
 * spaced up to `maxRuns`; a single look when the guide plans as many runs as the cap or more.
 */
export function looksOf(first: number, maxRuns: number | undefined, count = 3): number[] {
  if (maxRuns === undefined || maxRuns <= first || count < 2) return [first];
  const looks = Array.from({ length: count }, (_, i) => Math.round(first + ((maxRuns - first) * i) / (count - 1)));
  return [...new Set(looks)];
}

/** Runs per runtime of a guide: `--runs` when given, else the guide's own default, else the campaign's. */
function guideRunsOf(
  guide: Pick<GuideDefinition, "defaultRuns">,
  options: { runs: number; runsGiven?: boolean; quick: boolean },
): number {
  return options.runsGiven || options.quick || !guide.defaultRuns ? options.runs : guide.defaultRuns;
}
