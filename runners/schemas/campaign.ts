// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import {
  IdSchema,
  labelSchema,
  ReleaseLabelSchema,
  SCHEMA_VERSION,
  StorageModeSchema,
  TimestampSchema,
  WarningSchema,
} from "./common.ts";
import { CampaignSequentialSchema } from "./sequential-plan.ts";

/** Facts of a machine that ran workloads; no host name or address is recorded. */
export const HostFactsSchema = z
  .strictObject({
    role: z
      .string()
      .describe("What this machine was for, e.g. `local` (both runtimes) or a runtime name on a cluster."),
    kernel: z.string().describe("Kernel release, e.g. `6.1.0-27-amd64`."),
    os: z.string().describe("Operating system, e.g. `Debian GNU/Linux 12 (bookworm)`."),
    cpuModel: z
      .string()
      .optional()
      .describe(
        "CPU model name from /proc/cpuinfo, e.g. `AMD EPYC`; on Kubernetes, whose API does not report it, the one " +
          "the node's runtime's workload saw at the campaign's probe (absent in campaigns made before).",
      ),
    vcpus: z.number().int().positive().describe("Online CPUs of the machine, e.g. `2`."),
    memoryBytes: z.number().int().positive().describe("Total memory in bytes."),
    cpuset: z.string().optional().describe("CPU set every runtime was pinned to, e.g. `0-1`."),
    runtimeVersions: z
      .record(z.string(), z.string())
      .describe('Version of each runtime\'s software, e.g. `{ runc: "1.1.5+ds1" }`.'),
    runtimeSettings: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe(
        'Settings each runtime ran with, by runtime, e.g. `{ gvisor: { platform: "ptrace", network: "none", ' +
          'fileAccess: "exclusive", overlay: "none" } }`.',
      ),
    tools: z.record(z.string(), z.string()).describe('Benchmark tool versions, e.g. `{ sysbench: "1.0.20" }`.'),
    kubernetes: z
      .strictObject({
        kubeletVersion: z.string().describe("Kubelet version of the node, e.g. `v1.33.1-eks-1234`."),
        containerRuntimeVersion: z.string().describe("Container runtime of the node, e.g. `containerd://1.7.27`."),
        architecture: z.string().describe("Node architecture, e.g. `amd64`."),
        instanceType: z.string().optional().describe("`node.kubernetes.io/instance-type` label, e.g. `c6i.4xlarge`."),
        region: z.string().optional().describe("`topology.kubernetes.io/region` label, e.g. `us-west-2`."),
        zone: z.string().optional().describe("`topology.kubernetes.io/zone` label, e.g. `us-west-2a`."),
        allocatableCpu: z.string().describe("Allocatable CPU of the node, e.g. `15890m`."),
        allocatableMemory: z.string().describe("Allocatable memory of the node, e.g. `30142184Ki`."),
        runtimeClassName: z
          .string()
          .nullable()
          .describe("RuntimeClass the runtime's pods used; null for the default runtime."),
        runtimeClassHandler: z
          .string()
          .optional()
          .describe("The RuntimeClass's handler as the API reports it, e.g. `edera`."),
        sharedNodeWith: z
          .array(z.string())
          .optional()
          .describe(
            'The other runtimes whose pods ran on this same node, e.g. `["gvisor"]` on a single-node cluster; absent ' +
              "when the runtime had its node to itself.",
          ),
        components: z
          .record(z.string(), z.string())
          .optional()
          .describe(
            "Versions of the node's components as `parity cluster up` annotated them (`parity.dev/components`), " +
              'e.g. `{ kubernetes: "v1.34.4", etcd: "3.4.23", gvisor: "v0.0.0-20260905035102-160fafc42237", ' +
              'gvisorPlatform: "systrap" }`.',
          ),
      })
      .optional()
      .describe(
        "Node facts from the Kubernetes API (Kubernetes target only; the node's name and addresses are not recorded).",
      ),
  })
  .describe("A machine of the campaign and its facts.");

/** The runner's clock against the target's, checked before the runs (Kubernetes: the API server's `Date` headers). */
export const ClockFactsSchema = z
  .strictObject({
    offsetMs: z
      .number()
      .describe(
        "Server clock minus runner clock, ms, e.g. `-3.2`; it moves server times (the Scheduled event) onto the " +
          "runner's clock.",
      ),
    uncertaintyMs: z
      .number()
      .nonnegative()
      .describe("How far off the offset can be, ms (half the window in which the server's second ticked), e.g. `1.5`."),
    driftMs: z
      .number()
      .nonnegative()
      .describe("Difference between two checks a second apart, ms: a stable clock keeps it within the uncertainties."),
  })
  .describe("Clock offset between the runner and the target.");

export type ClockFacts = z.output<typeof ClockFactsSchema>;

/** `campaign.json`: one run of the suite for one release on one target. */
export const CampaignSchema = z
  .strictObject({
    schemaVersion: z.literal(SCHEMA_VERSION).describe("Results format version, `1`."),
    id: IdSchema,
    method: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Version of the measurement method, e.g. `2` (warm-up runs, random order within blocks, storage written " +
          "before the first run, the machine recorded around each run); absent means `1`.",
      ),
    historical: labelSchema(500)
      .optional()
      .describe(
        "Why a campaign made with an older method is kept, e.g. `superseded by 2026-11-30-local`; set by `parity " +
          "historical`.",
      ),
    historicalGuides: z
      .record(IdSchema, labelSchema(500))
      .optional()
      .describe(
        'Guides of a current campaign kept as history, each with why, e.g. `{ "memory": "guide version 3 ' +
          'measures one thread first; re-run in 2026-12-05-local-memory" }`: their commands changed since, and a ' +
          "later campaign re-ran them. Set by `parity historical ID --guide G`; never published or trended.",
      ),
    release: ReleaseLabelSchema.optional(),
    quick: z
      .boolean()
      .describe("True for a shortened smoke-test campaign (`--quick`); its numbers are not for publication."),
    status: z
      .enum(["partial", "complete"])
      .describe("`complete` once every planned run finished; `partial` while running or when cut short."),
    startedAt: TimestampSchema,
    finishedAt: TimestampSchema.optional(),
    interruption: z.string().optional().describe("Why a partial campaign stopped, e.g. `interrupted by SIGINT`."),
    parity: z
      .strictObject({
        version: z.string().describe("Parity's package version, e.g. `0.1.0`."),
        commit: z.string().optional().describe("Git commit of Parity that ran, e.g. `3f2c1a9`."),
        dirty: z.boolean().optional().describe("True if the work tree had uncommitted changes."),
      })
      .describe("The Parity that produced the campaign."),
    target: z.strictObject({
      kind: z.enum(["local", "kubernetes"]).describe("Where workloads ran."),
      description: z
        .string()
        .describe("Redacted description, never a server address, e.g. `this machine: host process vs runc container`."),
      clock: ClockFactsSchema.optional(),
    }),
    baseline: z.string().describe("Runtime every other runtime is compared with, e.g. `host`."),
    runtimes: z.array(z.string()).min(1).describe("Runtimes in the campaign, baseline included."),
    runs: z.number().int().positive().describe("Runs per runtime and guide, e.g. `5`."),
    maxRuns: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "With `--until-conclusive`: rounds were added until every primary verdict settled, up to this many runs per " +
          "runtime, e.g. `20`; `guideRuns` then holds the runs each guide reached.",
      ),
    guideRuns: z
      .record(IdSchema, z.number().int().positive())
      .optional()
      .describe(
        'Guides planned with another number of runs per runtime than `runs` (their own default), e.g. `{ "startup": ' +
          "20 }`.",
      ),
    sequential: CampaignSequentialSchema.optional(),
    noiseFloor: z
      .boolean()
      .describe("Whether an A/A arm of the baseline (a second, interleaved arm) was run to measure the noise floor."),
    warmup: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "Warm-up runs per runtime, guide and storage mode before the measured ones, e.g. `1`; absent in campaigns " +
          "made before warm-ups (none).",
      ),
    seed: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "Seed of the random order of runs within each block, e.g. `2718281828`; absent in campaigns run in the older " +
          "fixed order.",
      ),
    thresholdPercent: z
      .number()
      .positive()
      .describe("Acceptance threshold of the verdicts, in percent of the baseline, e.g. `5`."),
    hosts: z.array(HostFactsSchema),
    guides: z.array(IdSchema).describe("Guides planned in this campaign, in run order."),
    parameters: z
      .record(IdSchema, z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        "Each guide's resolved parameters, fixed when the campaign started (`--set` included), so that `--resume` " +
          'runs exactly the same, e.g. `{ "jitter": { "load": "cpu", … } }`.',
      ),
    storageModes: z
      .array(StorageModeSchema)
      .optional()
      .describe('Storage modes of the guides that need storage (I/O), e.g. `["filesystem", "block"]`.'),
    warnings: z.array(WarningSchema).describe("Campaign-wide warnings (differing kernels, few runs, noisy guides)."),
  })
  .describe("A campaign: the suite run once for one release on one target.");

export type HostFacts = z.output<typeof HostFactsSchema>;
export type Campaign = z.output<typeof CampaignSchema>;
