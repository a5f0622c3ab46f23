import type { RunnerView, RuntimeInfo } from "../contracts/runtime-info.ts";
import type { GuideDefinition, StorageMode, StorageTarget } from "../guides/define-guide.ts";
import type { Registry } from "../guides/registry.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { Spending } from "../schemas/sequential-plan.ts";
import type { CampaignStore } from "../store/campaign-store.ts";
import type { Target } from "../targets/target.ts";
import type { ParameterOverrides } from "./guide-parameters.ts";
import type { Progress } from "./progress.ts";

/** What `parity run` was asked to do, already validated. */
export interface CampaignOptions {
  id: string;
  release?: string;
  guides: string[];
  runtimes: string[];
  baseline: string;
  runs: number;
  /** Whether `runs` was asked for (`--runs`); if not, a guide's `defaultRuns` applies. */
  runsGiven?: boolean;
  quick: boolean;
  threads?: number;
  allowOversubscribe: boolean;
  noiseFloor: boolean;
  /** Warm-up runs per runtime, guide and storage mode (`--warmup`). */
  warmup: number;
  /** Seed of the random order within blocks (`--seed`, else random). */
  seed: number;
  /** With `--until-conclusive`: add rounds until every primary verdict settles, up to this many runs. */
  maxRuns?: number;
  /** With `maxRuns`: how many looks the group-sequential plan has, from the planned runs to `maxRuns`. */
  looks?: number;
  /** With `maxRuns`: how the plan spends its α over the looks. */
  spending?: Spending;
  thresholdPercent: number;
  force: boolean;
  /** Continue the partial campaign `id`: runs already recorded are kept, the rest are done. */
  resume?: boolean;
  /** Storage modes of guides that need storage (default: every mode the target offers). */
  storageModes?: StorageMode[];
  /** Parameter overrides by guide id (`--set`); a resumed campaign keeps the parameters it started with. */
  parameters?: ParameterOverrides;
  /**
   * With `maxRuns`: no adaptive round starts unless it, and every run still planned behind it, would end by
   * this time (epoch ms), judged by how long the guide's last round took and the pace of the runs so far: a
   * release's (or `--budget`'s) time budget.
   */
  deadline?: number;
  /** What the machine was doing when the campaign was told to start anyway (`--allow-busy`), recorded as a warning. */
  busyStart?: string;
}

export interface CampaignDeps {
  target: Target;
  store: CampaignStore;
  progress: Progress;
  signal: AbortSignal;
  parity: Campaign["parity"];
  /** Guides to resolve ids against (default: every guide Parity ships). */
  guides?: Registry<GuideDefinition>;
}

export interface Context extends CampaignDeps {
  options: CampaignOptions;
  runtimeInfo: Map<string, RuntimeInfo>;
  views: Map<string, RunnerView>;
  /** Scratch storage per guide, runtime and mode, made once and reused by every run. */
  storage: Map<string, StorageTarget>;
}
