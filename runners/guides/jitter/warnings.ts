import type { Warning } from "../../schemas/common.ts";
import type { GuideResult } from "../../schemas/guide-result.ts";
import { JITTER_METRICS } from "./metrics.ts";

/** Figures read beyond a histogram's end are lower bounds (the jitter guide's `censored` metric). */
export function censoredWarnings(result: GuideResult): Warning[] {
  const byRuntime = new Map<string, { runs: number; names: Set<string> }>();
  for (const m of result.measurements) {
    const censored = m.metrics.censored;
    if (typeof censored !== "string" || censored === "none") continue;
    const entry = byRuntime.get(m.runtime) ?? { runs: 0, names: new Set<string>() };
    entry.runs++;
    for (const name of censored.split(",")) entry.names.add(name);
    byRuntime.set(m.runtime, entry);
  }
  return [...byRuntime].map(([runtime, { runs, names }]) => ({
    code: "censored",
    guide: "jitter",
    runtime,
    message:
      `${[...names].map((n) => JITTER_METRICS[n]?.label ?? n).join(", ")} on ${runtime} are only bounds in ` +
      `${runs} run(s) (beyond the histogram's end, or among wake-ups a stall skipped): shown, never judged. A wider ` +
      `histogram (--set jitter.histogramUs=…) helps with the first; the second is the stall itself.`,
  }));
}
