import { ParityError } from "../core/errors.ts";
import { friendlyParse } from "../core/friendly-parse.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";

/** Parameter overrides by guide id, e.g. `{ jitter: { load: "cpu" } }`. */
export type ParameterOverrides = Record<string, Record<string, unknown>>;

/**
 * Reads `--set` assignments, `guide.param=value` separated by commas, e.g.
 * `jitter.load=cpu,jitter.durationSeconds=60`. Numbers become numbers; the guide's schema
 * validates the rest when the campaign starts.
 */
export function parseParameterAssignments(
  text: string | undefined,
  known: (id: string) => boolean,
): ParameterOverrides {
  const out: ParameterOverrides = {};
  for (const item of (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = item.match(/^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.*)$/);
    if (!match)
      throw new ParityError("INVALID_INPUT", {
        what: `--set "${item}" is not an assignment`,
        next: "write guide.parameter=value, e.g. jitter.load=cpu",
      });
    const [, guide, name, value] = match as unknown as [string, string, string, string];
    if (!known(guide))
      throw new ParityError("INVALID_INPUT", {
        what: `--set "${item}": there is no guide "${guide}"`,
        next: "list the guides with `parity run --help`",
      });
    out[guide] ??= {};
    out[guide][name] = /^-?[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** A guide's parameters for a campaign: its defaults, then `--quick`'s, then the reader's `--set` values, validated. */
export function guideParameters(
  guide: GuideDefinition,
  quick: boolean,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  // Own keys only: `constructor` or `__proto__` are not parameters.
  const unknownNames = Object.keys(overrides).filter((name) => !Object.hasOwn(guide.parameters.shape, name));
  if (unknownNames.length > 0) {
    throw new ParityError("INVALID_INPUT", {
      what: `--set: guide ${guide.id} has no parameter ${unknownNames.join(", ")}`,
      next: `set one it has: ${Object.keys(guide.parameters.shape).join(", ")}`,
    });
  }
  return friendlyParse(
    guide.parameters,
    { ...(quick ? guide.quick : {}), ...overrides },
    `--set for guide ${guide.id}`,
    "see the parameters on the guide's page",
    "INVALID_INPUT",
  ) as Record<string, unknown>;
}

/** Seconds one planned run of a guide should take (a wave of concurrent runs shares its time): the progress's plan. */
export function runSeconds(guide: GuideDefinition, params: Record<string, unknown>): number {
  return guide.estimateSeconds(params as never) / (guide.concurrency?.(params as never) ?? 1);
}
