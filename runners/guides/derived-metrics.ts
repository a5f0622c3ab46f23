import type { GuideResult } from "../schemas/guide-result.ts";
import type { GuideDefinition } from "./define-guide.ts";

/** A guide's results with the metrics its runs lack filled in from those they stored (GuideDefinition.derive). */
export function withDerivedMetrics(guide: GuideDefinition, result: GuideResult): GuideResult {
  const derive = guide.derive;
  if (!derive) return result;
  return {
    ...result,
    measurements: result.measurements.map((m) => ({ ...m, metrics: { ...derive(m.metrics), ...m.metrics } })),
  };
}
