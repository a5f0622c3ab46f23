import { fingerprint } from "../core/fingerprint.ts";
import { friendlyParse } from "../core/friendly-parse.ts";
import { cpuGuide } from "./cpu/guide.ts";
import type { GuideDefinition } from "./define-guide.ts";
import { ioGuide } from "./io/guide.ts";
import { jitterGuide } from "./jitter/guide.ts";
import { memoryGuide } from "./memory/guide.ts";
import { networkGuide } from "./network/guide.ts";
import { noiseGuide } from "./noise/guide.ts";
import { Registry } from "./registry.ts";
import { startupGuide } from "./startup/guide.ts";
import { syscallGuide } from "./syscall/guide.ts";

/** Every guide Parity knows, in the order a full campaign runs them. */
export const guides = new Registry<GuideDefinition>("guide", [
  cpuGuide,
  memoryGuide,
  ioGuide,
  startupGuide,
  jitterGuide,
  noiseGuide,
  syscallGuide,
  networkGuide,
]);

/**
 * The fingerprint of a guide for given parameters: what changes what is measured, namely its
 * id, its version (bumped when parsing or semantics change) and the exact commands (rendered
 * with a canonical thread count of 1, since threads follow each runtime's vCPUs and are
 * recorded separately), the peer's server's included. Labels and descriptions of metrics are
 * left out: rewording them does not make numbers stale.
 */
export function guideFingerprint(guide: GuideDefinition, parameters: Record<string, unknown>): string {
  const params = friendlyParse(
    guide.parameters,
    parameters,
    `The parameters of guide ${guide.id}`,
    "restore the results file from git or re-run the guide",
  ) as Record<string, unknown>;
  return fingerprint({
    id: guide.id,
    version: guide.version,
    steps: guide.steps.map((step) => ({ id: step.id, argv: step.argv({ ...params, threads: 1 }) })),
    ...(guide.precondition ? { precondition: guide.precondition.argv({ ...params, threads: 1 }) } : {}),
    ...(guide.peer ? { peer: guide.peer.argv } : {}),
  });
}
