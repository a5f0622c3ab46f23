// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { IdSchema } from "./common.ts";
import { SpendingSchema } from "./sequential-plan.ts";

const runtimes = z
  .array(z.string().min(1))
  .min(1)
  .describe("Runtimes to compare, e.g. `[runc, gvisor]`; the baseline is runc when it runs, else the first.");

const common = {
  name: IdSchema.describe(
    "Short name of the target in the release, the end of its campaign's id: `<label>-<name>`, e.g. `local`.",
  ),
  runtimes,
  guides: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Guides to run (default: every guide), e.g. `[cpu, startup]`."),
};

/** One target of a release: this machine. */
const LocalReleaseTarget = z.strictObject({ ...common, target: z.literal("local") });

/** One target of a release: a Kubernetes cluster, the one `parity cluster up` starts here or a user's. */
const KubernetesReleaseTarget = z.strictObject({
  ...common,
  target: z.literal("kubernetes"),
  cluster: z
    .enum(["local", "existing"])
    .describe(
      "`local`: the release starts the cluster of `parity cluster up` and stops it afterwards; `existing`: a " +
        "running cluster reached through `kubeconfig`.",
    ),
  kubeconfig: z
    .string()
    .optional()
    .describe("With `cluster: existing`: the kubeconfig file (default: $KUBECONFIG or ~/.kube/config)."),
  image: z.string().min(1).optional().describe("The benchmark image (default for `local`: the one it builds)."),
  namespace: z.string().optional().describe("Existing namespace to run in (default for `local`: `parity`)."),
  realtimeNamespace: z.string().optional().describe("Namespace for real-time guides (local: `parity-realtime`)."),
  storageClass: z.string().optional().describe("StorageClass of the I/O guide's claims (local: `parity-local`)."),
  profiles: z.string().optional().describe("Runtime profiles file (local: runners/cluster/runtimes.yaml)."),
});

/** What `parity release LABEL` measures (release.yaml at the repository's root). */
export const ReleaseConfigSchema = z
  .strictObject({
    budgetMinutes: z
      .number()
      .positive()
      .describe(
        "The release's measuring time, in minutes, shared among the targets in proportion to their planned " +
          "time: the planned runs always run; an adaptive round that would end after its target's share does not " +
          "start.",
      ),
    maxRuns: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .describe("Runs per runtime at most, as `--until-conclusive --max-runs`, e.g. `10`."),
    looks: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe("Looks of each guide's group-sequential plan, from its planned runs to `maxRuns` (`--looks`)."),
    spending: SpendingSchema.default("obrien-fleming"),
    quick: z
      .boolean()
      .default(false)
      .describe("Shortened benchmarks, to try the release itself (marked in each campaign; never for publication)."),
    targets: z
      .array(z.discriminatedUnion("target", [LocalReleaseTarget, KubernetesReleaseTarget]))
      .min(1)
      .describe("Each target of the release, measured in this order."),
  })
  .refine((c) => new Set(c.targets.map((t) => t.name)).size === c.targets.length, {
    message: "two targets have the same name",
    path: ["targets"],
  })
  .describe("What one command regenerates for a release: every target, its runtimes, and a time budget.");

export type ReleaseConfig = z.output<typeof ReleaseConfigSchema>;
export type ReleaseTarget = ReleaseConfig["targets"][number];
