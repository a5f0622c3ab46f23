import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PROBE_BEGIN } from "../contracts/probe-markers.ts";
import { rawLogHeader, rawLogStdout, runLabel } from "../contracts/raw-log.ts";
import { isParityError } from "../core/errors.ts";
import { splitProbe } from "../core/probe.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { lifecycleLogPath, parseLifecycleLog } from "./lifecycle-log.ts";

/** What re-reading a guide's raw logs found: problems fail the check, notes do not. */
export interface RawLogFindings {
  problems: string[];
  notes: string[];
}

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

/**
 * Re-reads every run's raw log and holds it against the stored measurement: the run its header
 * names (a duplicated, replaced or renumbered run shows), the facts its probe printed, and every
 * metric the guide's own parser derives from it, a pod's startup figures from its lifecycle log
 * (the watch, the API and the kubelet's metric lines). Numbers whose sources older campaigns did
 * not keep (a pod's lifecycle, the runner's clock marks) are noted.
 */
export async function verifyRawLogs(
  campaignDir: string,
  guide: GuideDefinition,
  result: GuideResult,
): Promise<RawLogFindings> {
  const found: RawLogFindings = { problems: [], notes: [] };
  const owners = new Map<string, string>();
  let unverifiable = 0;
  // Numbers derived by another version of the guide's parser cannot be re-derived by this one.
  const sameParser = result.guideVersion === guide.version;
  if (!sameParser)
    found.notes.push(
      `${guide.id}: measured with guide version ${result.guideVersion} (now ${guide.version}): its runs are checked ` +
        `by identity, not re-derived.`,
    );
  for (const m of result.measurements) {
    const expected = runLabel(guide.id, m);
    for (const step of m.steps) {
      const other = owners.get(step.rawLog);
      if (other)
        found.problems.push(
          `${guide.id}: "${expected}" and "${other}" share raw log ${step.rawLog}: a duplicated run.`,
        );
      owners.set(step.rawLog, expected);
      const text = await readFile(join(campaignDir, step.rawLog), "utf8").catch(() => undefined);
      if (text === undefined) continue; // reported as missing by the check itself
      const header = rawLogHeader(text);
      if (header.label !== expected) {
        found.problems.push(
          `${guide.id}: ${step.rawLog} is the raw log of "${header.label ?? "?"}", but ${guide.id}.json files it as ` +
            `"${expected}": a replaced or renumbered run.`,
        );
        continue;
      }
      const definition = guide.steps.find((s) => s.id === step.id);
      const stdout = rawLogStdout(text);
      const probed = stdout.includes(PROBE_BEGIN);
      const needsMarks = guide.probe === "after" && !probed;
      if (!sameParser) continue;
      // A pod's startup figures come from its lifecycle, kept beside the raw log since the kubelet's lines were kept.
      const lifecycleText =
        "readyMs" in m.metrics
          ? await readFile(join(campaignDir, lifecycleLogPath(step.rawLog)), "utf8").catch(() => undefined)
          : undefined;
      if (
        ("readyMs" in m.metrics && !lifecycleText) ||
        (needsMarks && header.requestedAt === undefined) ||
        !definition
      ) {
        unverifiable++;
        continue;
      }
      let metrics: Record<string, number | string>;
      try {
        const lifecycle = lifecycleText ? parseLifecycleLog(lifecycleText, lifecycleLogPath(step.rawLog)) : undefined;
        const split = probed ? splitProbe(stdout, step.rawLog) : undefined;
        if (split && JSON.stringify(split.facts) !== JSON.stringify(m.workload)) {
          found.problems.push(
            `${guide.id}: what ${step.rawLog} shows inside the workload (kernel, vCPUs, namespaces) differs from the ` +
              `facts stored for "${expected}".`,
          );
        }
        metrics = definition.parse(split ? split.toolOutput : stdout, {
          params: result.parameters,
          ran: true,
          ...(header.requestedAt !== undefined ? { requestedAt: header.requestedAt, exitedAt: header.exitedAt! } : {}),
          ...(lifecycle ? { lifecycle } : {}),
        });
      } catch (error) {
        found.problems.push(
          `${guide.id}: ${step.rawLog} of "${expected}" no longer reads as the tool's output ` +
            `(${isParityError(error) ? error.message : String(error)}): it was edited or damaged.`,
        );
        continue;
      }
      for (const [name, value] of Object.entries(metrics)) {
        if (!same(m.metrics[name], value))
          found.problems.push(
            `${guide.id}: "${expected}" stores ${name} = ${String(m.metrics[name])}, but its raw log ${step.rawLog} ` +
              `gives ${String(value)}: the number or the log was edited.`,
          );
      }
    }
  }
  if (unverifiable > 0)
    found.notes.push(
      `${guide.id}: ${unverifiable} run(s) checked by identity only: their numbers come from more than the raw log ` +
        `(a pod's timeline and the kubelet's metrics, or the runner's clock marks, that older raw logs did not keep).`,
    );
  return found;
}
