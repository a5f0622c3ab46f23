import type { StorageMode } from "../schemas/common.ts";

/** An arm: one runtime's runs in the main comparison, the baseline's A/A arm, or a runtime's warm-ups. */
export interface Arm {
  runtime: string;
  /** `warmup` runs come first, are kept with their raw logs and stay out of the statistics. */
  arm: "main" | "aa" | "warmup";
  /** Storage mode of an I/O arm. */
  variant?: StorageMode;
}

/** One run to do, in order. */
export interface PlannedRun extends Arm {
  /** 1-based index within its arm. */
  run: number;
  /** From 2: this run again, after an attempt on a busy or slowed machine (see machine-state.ts). */
  attempt?: number;
}

/** What decides a guide's runs and their order. */
export interface PlanInput {
  guide: string;
  runtimes: readonly string[];
  baseline: string;
  noiseFloor: boolean;
  /** Storage modes of a guide that needs storage; empty otherwise. */
  variants: readonly StorageMode[];
  runs: number;
  /** Warm-up runs per runtime and storage mode, before the measured ones. */
  warmup: number;
  /** Seed of the random order, recorded with the campaign so that the order can be replayed. */
  seed: number;
}

/**
 * The arms of a campaign: every runtime, then the baseline again when the noise floor is
 * measured; for a guide with storage, each of those once per storage mode.
 */
export function campaignArms(
  runtimes: readonly string[],
  baseline: string,
  noiseFloor: boolean,
  variants: readonly StorageMode[] = [],
): Arm[] {
  const arms: Arm[] = runtimes.map((runtime) => ({ runtime, arm: "main" }));
  if (noiseFloor) arms.push({ runtime: baseline, arm: "aa" });
  return variants.length === 0 ? arms : arms.flatMap((a) => variants.map((variant) => ({ ...a, variant })));
}

/** mulberry32: a small seeded generator, so that a recorded seed replays the same order anywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a guide id: each guide of a campaign gets an order of its own from the one seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Every run of one guide, in order: first `warmup` blocks of warm-up runs (each runtime and
 * storage mode once per block), then `runs` blocks in which every arm, A/A included, runs
 * once. The order within each block is random from the seed: no arm keeps a fixed place,
 * and in expectation every arm sits at the same mean position, so drift hits all alike.
 */
export function planGuideRuns(input: PlanInput): PlannedRun[] {
  const next = seededRandom(input.seed ^ hash(input.guide));
  const arms = campaignArms(input.runtimes, input.baseline, input.noiseFloor, input.variants);
  const warmupArms = arms.filter((a) => a.arm === "main").map((a): Arm => ({ ...a, arm: "warmup" }));
  const plan: PlannedRun[] = [];
  for (let round = 1; round <= input.warmup; round++)
    for (const arm of shuffled(warmupArms, next)) plan.push({ ...arm, run: round });
  for (let round = 1; round <= input.runs; round++)
    for (const arm of shuffled(arms, next)) plan.push({ ...arm, run: round });
  return plan;
}
