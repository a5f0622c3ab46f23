/** A series of runs: one runtime, in the main comparison or the baseline's A/A series. */
export interface Arm {
  runtime: string;
  arm: "main" | "aa";
  /** Storage mode of an I/O arm (`filesystem` or `block`). */
  variant?: string;
}

/** One run to do, in order. */
export interface PlannedRun extends Arm {
  /** 1-based index within its arm. */
  run: number;
}

/**
 * The arms of a campaign: every runtime, then the baseline again when the noise floor is
 * measured; for a guide with storage, each of those once per storage mode.
 */
export function campaignArms(runtimes: readonly string[], baseline: string, noiseFloor: boolean, variants: readonly string[] = []): Arm[] {
  const arms: Arm[] = runtimes.map((runtime) => ({ runtime, arm: "main" }));
  if (noiseFloor) arms.push({ runtime: baseline, arm: "aa" });
  return variants.length === 0 ? arms : arms.flatMap((a) => variants.map((variant) => ({ ...a, variant })));
}

/**
 * Interleaves arms in a balanced order, A B C | C B A | A B C …, so that a slow drift of
 * the machine (heat, a neighbour) falls on every arm alike instead of on whichever ran last.
 */
export function balancedSchedule(arms: readonly Arm[], runs: number): PlannedRun[] {
  const plan: PlannedRun[] = [];
  for (let round = 0; round < runs; round++) {
    const order = round % 2 === 0 ? arms : [...arms].reverse();
    for (const arm of order) plan.push({ ...arm, run: round + 1 });
  }
  return plan;
}

/** Name of a run's raw log, relative to the guide's raw folder: `runc-3.log`, `host-aa-2.log`, `runc-block-1.log`. */
export function rawLogName(run: PlannedRun): string {
  return `${run.runtime}${run.variant ? `-${run.variant}` : ""}${run.arm === "aa" ? "-aa" : ""}-${run.run}.log`;
}
