// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { friendlyParse } from "../core/friendly-parse.ts";
import { IdSchema, ReleaseLabelSchema } from "../schemas/common.ts";
import { SpendingSchema } from "../schemas/sequential-plan.ts";

/** A whole number option given as text, e.g. `--runs 5`. */
export function intOption(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^-?[0-9]+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** A comma-separated list option, e.g. `--runtimes host,runc`. */
export const listOption = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1, "give at least one name"));

/** `parity run` options as given on the command line, validated into numbers and lists. */
export const RunArgsSchema = z
  .object({
    guides: z.array(z.string()),
    target: z.enum(["local", "kubernetes"], { error: "use local or kubernetes" }),
    runtimes: listOption,
    baseline: z.string().min(1),
    kubeconfig: z.string().optional(),
    context: z.string().optional(),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "use a Kubernetes namespace name")
      .optional(),
    realtimeNamespace: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "use a Kubernetes namespace name")
      .optional(),
    image: z.string().min(1).optional(),
    profiles: z.string().optional(),
    resume: z.boolean(),
    storage: z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(["filesystem", "block"], { error: "storage modes are filesystem and block" })).min(1))
      .optional(),
    storageClass: z.string().optional(),
    gvisorPlatform: z
      .enum(["ptrace", "systrap", "kvm"], { error: "gVisor's platforms are ptrace, systrap and kvm" })
      .optional(),
    runs: intOption(1, 1000),
    campaign: IdSchema,
    release: ReleaseLabelSchema.optional(),
    quick: z.boolean(),
    threads: intOption(1, 4096).optional(),
    allowOversubscribe: z.boolean(),
    noiseFloor: z.boolean(),
    warmup: intOption(0, 100),
    maxRuns: intOption(2, 1000).optional(),
    looks: intOption(1, 20),
    /** Minutes a campaign's adaptive looks may take it to (a release shares its own budget instead). */
    budget: intOption(1, 10_000),
    spending: z.enum(SpendingSchema.options, { error: "α spending is obrien-fleming or pocock" }),
    seed: intOption(0, 2 ** 32 - 1),
    threshold: z
      .string()
      .trim()
      .regex(/^[0-9]+(\.[0-9]+)?$/, "expected a percentage such as 5")
      .default("5")
      .transform(Number)
      .pipe(z.number().gt(0).max(100)),
    force: z.boolean(),
  })
  .refine((o) => o.runtimes.includes(o.baseline), {
    message: "the baseline must be one of --runtimes",
    path: ["baseline"],
  })
  .refine((o) => o.target !== "kubernetes" || o.image !== undefined, {
    message:
      "the Kubernetes target needs --image: the benchmark image the pods run (build it from " +
      "`npx parity containerfile`)",
    path: ["image"],
  })
  .refine((o) => new Set(o.runtimes).size === o.runtimes.length, {
    message: "a runtime is listed twice",
    path: ["runtimes"],
  });

export type RunArgs = z.output<typeof RunArgsSchema>;

/** Validates `parity run` options, naming each bad option. */
export function parseRunArgs(raw: unknown): RunArgs {
  return friendlyParse(
    RunArgsSchema,
    raw,
    "The command line of `parity run`",
    "see `parity run --help`",
    "INVALID_INPUT",
  );
}
