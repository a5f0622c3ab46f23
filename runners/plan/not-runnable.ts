import type { RuntimeInfo } from "../contracts/runtime-info.ts";
import { isParityError } from "../core/errors.ts";
import type { GuideDefinition, StorageMode } from "../guides/define-guide.ts";
import type { NotRunnable } from "../schemas/guide-result.ts";
import type { Arm } from "./schedule.ts";

/** What a run of `guide` in `arm` needs that some runtimes lack. */
export function needsOf(guide: GuideDefinition, arm: Arm): Array<NotRunnable["needs"]> {
  return [
    ...(guide.realtime ? (["realtime"] as const) : []),
    ...(arm.variant === "block" ? (["blockDevice"] as const) : []),
  ];
}

/**
 * A failed run as a "not runnable" cell: when the run's tool failed and its runtime lacks
 * something the guide needs, the attempt is the evidence (its raw log, the tool's own words)
 * and the runtime's stated reason says why. Any other failure stays a failure: undefined.
 */
export function notRunnableFrom(
  error: unknown,
  info: RuntimeInfo,
  guide: GuideDefinition,
  arm: Arm,
): NotRunnable | undefined {
  if (!isParityError(error, "TOOL_FAILED")) return undefined;
  const needs = needsOf(guide, arm).find((need) => info.lacks?.[need] !== undefined);
  if (!needs) return undefined;
  const { rawLog, exitCode, stderr, runtimeLog } = error.details as {
    rawLog: string;
    exitCode: number;
    stderr: string;
    runtimeLog?: string;
  };
  return {
    runtime: info.id,
    ...(arm.variant ? { variant: arm.variant as StorageMode } : {}),
    needs,
    reason: info.lacks![needs]!,
    message: stderr || "(no stderr)",
    exitCode,
    rawLog,
    ...(runtimeLog ? { runtimeLog } : {}),
  };
}

/** Whether `arm`'s runtime (in its storage mode) was found unable to run the guide: its runs are skipped. */
export function isNotRunnable(
  cells: readonly NotRunnable[] | undefined,
  arm: Pick<Arm, "runtime" | "variant">,
): boolean {
  return (cells ?? []).some((c) => c.runtime === arm.runtime && c.variant === arm.variant);
}
