import { ParityError } from "../../core/errors.ts";

/** Names Kubernetes accepts, by what they name; checked before anything is printed or created. */
const RULES = {
  namespace: {
    pattern: /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    says: "at most 63 lower-case letters, digits and dashes (a DNS label)",
  },
  node: {
    pattern: /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/,
    says: "lower-case letters, digits, dots and dashes (a DNS subdomain)",
  },
  // It names the namespace parity-<campaign> and every object's label value.
  campaign: {
    pattern: /^[a-z0-9]([a-z0-9-]{0,45}[a-z0-9])?$/,
    says: "at most 47 lower-case letters, digits and dashes, no dots (it names the namespace parity-<id> and labels)",
  },
} as const;

/** Refuses a name Kubernetes would refuse, saying what it accepts. */
export function kubeName(kind: keyof typeof RULES, value: string): string {
  if (!RULES[kind].pattern.test(value))
    throw new ParityError("INVALID_INPUT", {
      what: `${kind} "${value}" is not a name Kubernetes accepts`,
      next: `use ${RULES[kind].says}`,
    });
  return value;
}
