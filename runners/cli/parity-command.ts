import { defineCommand } from "citty";
import type * as z from "zod";
import { cliArgs, parseOptions } from "./command-options.ts";
import { guarded } from "./guard.ts";

/** A `parity` subcommand as it is written: one schema for its options, and its body. */
export interface ParityCommandSpec<S extends z.ZodObject> {
  name: string;
  /** The command this one belongs to, e.g. `cluster` for `parity cluster up`. */
  parent?: string;
  description: string;
  /** Every option and positional argument, named, typed, defaulted and described once. */
  options: S;
  /**
   * The body, with the validated options and the positional arguments as typed (a command that
   * takes several files reads them there); a number it returns is the exit code.
   */
  run(options: z.output<S>, positionals: readonly string[]): Promise<unknown>;
}

/** A citty command whose option definitions are generated from the spec's schema; the schema stays on it. */
export function parityCommand<S extends z.ZodObject>(spec: ParityCommandSpec<S>) {
  const named = spec.parent ? `${spec.parent} ${spec.name}` : spec.name;
  const command = defineCommand({
    meta: { name: spec.name, description: spec.description },
    args: cliArgs(spec.options),
    run: ({ args }) =>
      guarded(() => spec.run(parseOptions(spec.options, args, named), (args._ as string[] | undefined) ?? [])),
  });
  return Object.assign(command, { options: spec.options });
}
