import type { ArgsDef } from "citty";
// A namespace import lets the bundler keep only the parts of zod in use.
import * as z from "zod";
import { ParityError } from "../core/errors.ts";
import { StorageModeSchema } from "../schemas/common.ts";

/** How an option is given on the command line, beside its zod type and its description (`.describe()`). */
export interface CliMeta {
  /** A positional argument (in the schema's key order), not a `--flag`. */
  positional?: boolean;
  /** The value's placeholder in `--help`, e.g. `dir`. */
  valueHint?: string;
}

/** Command-line metadata of option schemas: `.register(cliMeta, { positional: true })`. */
export const cliMeta = z.registry<CliMeta>();

/** A storage mode given on the command line (`--storage block`), refused by name when it is not one. */
export const storageModeOption = z.enum(StorageModeSchema.options, {
  error: `the storage modes are ${StorageModeSchema.options.join(" and ")}`,
});

/** `allowBusy` → `allow-busy`: how citty and the docs spell an option. */
export const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface Field {
  inner: z.ZodType;
  optional: boolean;
  defaultValue?: unknown;
  description?: string;
  meta: CliMeta;
}

/** A field with its optional and default wrappers peeled off, and what they and the inner schema say. */
function field(schema: z.ZodType): Field {
  const out: Field = {
    inner: schema,
    optional: false,
    description: schema.description,
    meta: cliMeta.get(schema) ?? {},
  };
  for (;;) {
    const s = out.inner;
    if (s instanceof z.ZodOptional) out.optional = true;
    else if (s instanceof z.ZodDefault) out.defaultValue = s._zod.def.defaultValue;
    else return out;
    out.inner = s.unwrap() as z.ZodType;
    out.description ??= out.inner.description;
    out.meta = { ...cliMeta.get(out.inner), ...out.meta };
  }
}

/**
 * citty's definition of a command's options, generated from their zod schema: the one place an
 * option is named, typed, defaulted and described (`--help` and the CLI reference are held to it).
 */
export function cliArgs(schema: z.ZodObject): ArgsDef {
  const args: ArgsDef = {};
  for (const [key, value] of Object.entries(schema.shape)) {
    const f = field(value as z.ZodType);
    const description = f.description ?? "";
    const required = !f.optional && f.defaultValue === undefined;
    if (f.meta.positional) {
      args[key] = { type: "positional", required, description };
      continue;
    }
    const name = flagName(key);
    if (f.inner instanceof z.ZodBoolean) {
      args[name] = { type: "boolean", default: (f.defaultValue as boolean | undefined) ?? false, description };
      continue;
    }
    args[name] = {
      type: "string",
      description,
      ...(required ? { required: true } : {}),
      ...(f.defaultValue !== undefined ? { default: String(f.defaultValue) } : {}),
      ...(f.meta.valueHint ? { valueHint: f.meta.valueHint } : {}),
    };
  }
  return args;
}

/**
 * A command's options as citty parsed them, validated by their schema. Each problem names the
 * option as it is typed (`--max-runs`, or `GUIDE` for a positional argument).
 */
export function parseOptions<S extends z.ZodObject>(schema: S, args: unknown, command: string): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const named = (key: PropertyKey | undefined) => {
    if (typeof key !== "string") return "(options)";
    const f = schema.shape[key] ? field(schema.shape[key] as z.ZodType) : undefined;
    return f?.meta.positional ? key.toUpperCase() : `--${flagName(key)}`;
  };
  throw new ParityError("INVALID_INPUT", {
    what: `The command line of \`parity ${command}\` is not valid:`,
    evidence: result.error.issues.map((issue) => `  - ${named(issue.path[0])}: ${issue.message}`).join("\n"),
    next: `see \`parity ${command} --help\``,
  });
}
