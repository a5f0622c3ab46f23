import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { Campaign } from "../schemas/campaign.ts";
import type { SequentialPlan, Spending } from "../schemas/sequential-plan.ts";

/** One look of a group-sequential plan: where it stops, and the level each one-sided test is held to there. */
export interface Look {
  /** Runs per runtime at this look. */
  runs: number;
  /** Information fraction: runs / the plan's last look. */
  fraction: number;
  /** The one-sided z boundary a test statistic must cross at this look. */
  z: number;
  /** Its nominal one-sided level, 1 − Φ(z): the interval that decides is the (1 − 2·level) one. */
  nominalAlpha: number;
  /** α spent by this look, all looks up to it together. */
  spentAlpha: number;
}

const Z = (p: number) => normalQuantile(p, 0, 1);
const Phi = (x: number) => normalCdf(x, 0, 1);

/**
 * Lan–DeMets spending functions for a one-sided test at level α, at information fraction t:
 * - O'Brien–Fleming type: α(t) = 2 − 2Φ(z₁₋α/₂ / √t), which spends almost nothing early;
 * - Pocock type: α(t) = α·ln(1 + (e − 1)·t), which spends about evenly.
 */
export function spentBy(spending: Spending, alpha: number, t: number): number {
  if (t >= 1) return alpha;
  return spending === "obrien-fleming"
    ? 2 - 2 * Phi(Z(1 - alpha / 2) / Math.sqrt(t))
    : alpha * Math.log1p((Math.E - 1) * t);
}

/** Grid points of the numerical integration (odd, for Simpson's rule). */
const GRID = 801;
/** The grid reaches this many standard deviations below zero; the mass beyond is below 1e-15. */
const LOWER_SD = 8;

interface SubDensity {
  /** Score values S = Z·√I on a uniform grid, and the density of "not stopped yet, S here" at each. */
  s: Float64Array;
  f: Float64Array;
  step: number;
}

/** Simpson's rule of g(i) over a grid of GRID points. */
function simpson(step: number, g: (i: number) => number): number {
  let sum = g(0) + g(GRID - 1);
  for (let i = 1; i < GRID - 1; i++) sum += (i % 2 === 1 ? 4 : 2) * g(i);
  return (sum * step) / 3;
}

function grid(low: number, high: number): { s: Float64Array; step: number } {
  const step = (high - low) / (GRID - 1);
  return { s: Float64Array.from({ length: GRID }, (_, i) => low + i * step), step };
}

/** The probability of crossing `z` at a look of information `info`, from the sub-density at the last look. */
function crossing(prev: SubDensity | undefined, z: number, info: number, prevInfo: number): number {
  if (!prev) return 1 - Phi(z);
  const sd = Math.sqrt(info - prevInfo);
  const bound = z * Math.sqrt(info);
  return simpson(prev.step, (i) => prev.f[i]! * (1 - Phi((bound - prev.s[i]!) / sd)));
}

/** The sub-density of the score at this look, among paths that have not crossed yet (this look included). */
function carry(prev: SubDensity | undefined, z: number, info: number, prevInfo: number): SubDensity {
  const { s, step } = grid(-LOWER_SD * Math.sqrt(info), z * Math.sqrt(info));
  const f = new Float64Array(GRID);
  if (!prev) {
    for (let j = 0; j < GRID; j++) f[j] = Math.exp(-(s[j]! ** 2) / (2 * info)) / Math.sqrt(2 * Math.PI * info);
    return { s, f, step };
  }
  const variance = info - prevInfo;
  const norm = 1 / Math.sqrt(2 * Math.PI * variance);
  for (let j = 0; j < GRID; j++)
    f[j] = simpson(prev.step, (i) => prev.f[i]! * norm * Math.exp(-((s[j]! - prev.s[i]!) ** 2) / (2 * variance)));
  return { s, f, step };
}

/**
 * The boundaries of a group-sequential one-sided test (Armitage–McPherson–Rowe recursive
 * integration, as in Jennison & Turnbull, ch. 19): at each look, the z that the test statistic
 * must cross so that the chance of crossing there first, under the null, is the α the spending
 * function releases between the last look and this one. Information grows as the runs per
 * runtime (equal runs in both arms), so the fraction at a look is its runs over the last look's.
 * Each of the two one-sided tests of an equivalence (TOST) or difference verdict uses the same
 * boundaries.
 */
export function sequentialLooks(plan: SequentialPlan): Look[] {
  const key = JSON.stringify([plan.alpha, plan.spending, plan.looks]);
  const known = computed.get(key);
  if (known) return known;
  const looks = integrate(plan);
  computed.set(key, looks);
  return looks;
}

/** Plans already integrated: the site reads the same few plans on every page. */
const computed = new Map<string, Look[]>();

function integrate(plan: SequentialPlan): Look[] {
  const last = plan.looks.at(-1)!;
  const looks: Look[] = [];
  let prev: SubDensity | undefined;
  let prevInfo = 0;
  let spentBefore = 0;
  for (const runs of plan.looks) {
    const fraction = runs / last;
    const spent = spentBy(plan.spending, plan.alpha, fraction);
    const target = spent - spentBefore;
    let [low, high] = [0, 10];
    for (let i = 0; i < 60; i++) {
      const mid = (low + high) / 2;
      if (crossing(prev, mid, runs, prevInfo) > target) low = mid;
      else high = mid;
    }
    const z = (low + high) / 2;
    looks.push({ runs, fraction, z, nominalAlpha: 1 - Phi(z), spentAlpha: spent });
    prev = carry(prev, z, runs, prevInfo);
    prevInfo = runs;
    spentBefore = spent;
  }
  return looks;
}

/**
 * The look a guide's verdicts are read at, given the runs per runtime it reached: the last look
 * at or below them. Stopping at any look and deciding only there is covered by the plan's
 * spending: a false claim needs a crossing at some look, and all of them together have at most α.
 */
export function lookAt(plan: SequentialPlan, runs: number): Look | undefined {
  return sequentialLooks(plan)
    .filter((l) => l.runs <= runs)
    .at(-1);
}

/** What a guide's verdicts need of its campaign. */
type CampaignPlanFacts = Pick<Campaign, "sequential" | "runs" | "guideRuns" | "maxRuns">;

/** Runs per runtime a guide of a campaign reached (its own planned runs, or the rounds added to them). */
export function guideRunsReached(campaign: Pick<Campaign, "runs" | "guideRuns">, guide: string): number {
  return campaign.guideRuns?.[guide] ?? campaign.runs;
}

/**
 * The plan a guide of a campaign was tested by: its recorded looks, or, for a campaign made
 * before plans were recorded, a single look at the runs it reached (an adaptive campaign of that
 * time looked more often than that; its page says so).
 */
export function guidePlan(campaign: CampaignPlanFacts, guide: string): SequentialPlan {
  const looks = campaign.sequential?.looks[guide];
  if (campaign.sequential && looks)
    return { alpha: campaign.sequential.alpha, spending: campaign.sequential.spending, looks };
  return { alpha: LEGACY_ALPHA, spending: "obrien-fleming", looks: [Math.max(2, guideRunsReached(campaign, guide))] };
}

/** Level of each one-sided test in campaigns made before plans were recorded: the 90% interval. */
const LEGACY_ALPHA = 0.05;

/**
 * The look a guide's verdicts are read at: the last look its runs reached, or the first when a
 * campaign stopped short of it (its verdicts are then held to the strictest level of the plan's
 * start).
 */
export function guideLook(campaign: CampaignPlanFacts, guide: string): Look {
  const plan = guidePlan(campaign, guide);
  return lookAt(plan, guideRunsReached(campaign, guide)) ?? sequentialLooks(plan)[0]!;
}

/** What the statistics of a guide need of its campaign: the comparison's sides, the threshold, the look's level. */
export function verdictSettings(
  campaign: CampaignPlanFacts & Pick<Campaign, "baseline" | "runtimes" | "thresholdPercent">,
  guide: string,
): { baseline: string; runtimes: readonly string[]; thresholdPercent: number; alpha: number } {
  return {
    baseline: campaign.baseline,
    runtimes: campaign.runtimes,
    thresholdPercent: campaign.thresholdPercent,
    alpha: guideLook(campaign, guide).nominalAlpha,
  };
}
