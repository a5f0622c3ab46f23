import { randomInt } from "node:crypto";
import { join } from "node:path";
import { defineCommand } from "citty";
import { EXIT_CODES, isParityError, ParityError } from "../../core/errors.ts";
import { guides } from "../../guides/index.ts";
import { planCampaign, planSettings } from "../../plan/plan-campaign.ts";
import { guideParameters, parseParameterAssignments } from "../../run/guide-parameters.ts";
import { createProgress } from "../../run/progress.ts";
import { parityProvenance } from "../../run/provenance.ts";
import { runCampaign } from "../../run/run-campaign.ts";
import type { Campaign } from "../../schemas/campaign.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { createTarget, defaultBaseline, TARGET_DEFAULTS } from "../create-target.ts";
import { guarded } from "../guard.ts";
import { parseRunArgs, type RunArgs } from "../options.ts";
import { dataArg, dataDir } from "../paths.ts";

/** Planning options given on a resume's command line, as the campaign recorded them; one that differs is refused. */
const PLANNING: Array<[string, (c: Campaign) => string | undefined]> = [
  ["runtimes", (c) => c.runtimes.join(",")],
  ["baseline", (c) => c.baseline],
  ["runs", (c) => String(c.runs)],
  ["storage", (c) => c.storageModes?.join(",")],
  ["warmup", (c) => String(c.warmup ?? 0)],
  ["seed", (c) => (c.seed === undefined ? undefined : String(c.seed))],
  ["gvisor-platform", (c) => c.hosts[0]?.runtimeSettings?.gvisor?.platform],
  ["threshold", (c) => String(c.thresholdPercent)],
  ["release", (c) => c.release],
];

/**
 * With --resume, the campaign's own plan replaces the planning options of the command line:
 * the same runtimes, runs, parameters, storage, order and gVisor platform. A resume given
 * options that contradict the campaign is refused rather than silently ignored.
 */
async function resumeOptions(store: CampaignStore, options: RunArgs, given: Record<string, unknown>): Promise<RunArgs> {
  const c = await store.readCampaign(options.campaign);
  if (c.target.kind !== options.target) {
    throw new ParityError("INVALID_INPUT", {
      what: `Campaign "${c.id}" ran on the ${c.target.kind} target`,
      next: `resume it with --target ${c.target.kind}`,
    });
  }
  const conflicts = PLANNING.filter(
    ([name, recorded]) => given[name] !== undefined && String(given[name]) !== recorded(c),
  ).map(([name, recorded]) => `--${name} ${String(given[name])} (the campaign has ${recorded(c) ?? "none"})`);
  const positional = (given._ as string[] | undefined) ?? [];
  if (positional.length > 0 && positional.join(",") !== c.guides.join(","))
    conflicts.push(`guides ${positional.join(" ")} (the campaign has ${c.guides.join(" ")})`);
  if (given.set)
    conflicts.push(
      `--set ${String(given.set)} (parameters are fixed when a campaign starts: ${JSON.stringify(c.parameters ?? {})})`,
    );
  if (conflicts.length > 0) {
    throw new ParityError("INVALID_INPUT", {
      what:
        `Cannot resume campaign "${c.id}" with ${conflicts.join(", ")}: a resumed campaign runs exactly as it ` +
        `started`,
      next: "resume without these options, or start a new campaign",
    });
  }
  return {
    ...options,
    guides: c.guides,
    runtimes: c.runtimes,
    baseline: c.baseline,
    runs: c.runs,
    quick: c.quick,
    noiseFloor: c.noiseFloor,
    threshold: c.thresholdPercent,
    release: c.release,
    force: false,
    warmup: c.warmup ?? 0,
    seed: c.seed ?? 0,
    maxRuns: c.maxRuns,
    gvisorPlatform:
      (c.hosts[0]?.runtimeSettings?.gvisor?.platform as RunArgs["gvisorPlatform"]) ?? options.gvisorPlatform,
  };
}

export const runCommand = defineCommand({
  meta: { name: "run", description: "Run guides on a target and write a campaign under data/campaigns/<id>/" },
  args: {
    guide: {
      type: "positional",
      required: false,
      description: `Guides to run (default: all): ${guides.ids().join(", ")}`,
    },
    target: {
      type: "string",
      default: "local",
      description: "Where to run: local (this machine) or kubernetes (a cluster, one node per runtime)",
    },
    runtimes: {
      type: "string",
      description:
        "Runtimes to compare, comma-separated (local default: host,runc,gvisor; kubernetes default: runc,edera)",
    },
    baseline: {
      type: "string",
      description:
        "Runtime the others are compared with (default: runc when it runs, else the first runtime); host, when not " +
        "the baseline, is a reference the baseline is compared with",
    },
    runs: { type: "string", description: "Runs per runtime and guide (default 5; the startup guide 20)" },
    campaign: { type: "string", required: true, description: "Campaign id (folder name), e.g. 2026-11-local" },
    release: { type: "string", description: "Release label recorded with the campaign, e.g. v0.1.0" },
    quick: {
      type: "boolean",
      default: false,
      description: "Shorten every benchmark for a smoke test (marked in the campaign; no A/A arm)",
    },
    threads: { type: "string", description: "Threads per workload (default: the vCPUs the workload sees)" },
    "allow-oversubscribe": {
      type: "boolean",
      default: false,
      description: "Allow --threads above the vCPUs seen (recorded as a warning)",
    },
    "until-conclusive": {
      type: "boolean",
      default: false,
      description:
        "Add interleaved rounds until every guide's primary verdict is settled (not inconclusive), up to --max-runs",
    },
    "max-runs": { type: "string", description: "With --until-conclusive: runs per runtime at most (default 20)" },
    warmup: {
      type: "string",
      description:
        "Warm-up runs per runtime, guide and storage mode, recorded and left out of the statistics (default 1; 0 " +
        "with --quick)",
    },
    seed: {
      type: "string",
      description: "Seed of the random order of runs within each block (default: a random one; recorded either way)",
    },
    "noise-floor": {
      type: "boolean",
      description: "Interleave an A/A arm of the baseline (default: on, off with --quick)",
    },
    threshold: {
      type: "string",
      description: "Acceptance threshold of the verdicts, percent of the baseline (default 5)",
    },
    force: {
      type: "boolean",
      default: false,
      description: "Replace an existing campaign with the same id (deletes its files)",
    },
    resume: {
      type: "boolean",
      default: false,
      description: "Complete the partial campaign --campaign ID with the runs it is missing",
    },
    json: { type: "boolean", default: false, description: "Progress as JSON lines on stderr" },
    kubeconfig: { type: "string", description: "kubernetes: kubeconfig file (default: $KUBECONFIG or ~/.kube/config)" },
    context: { type: "string", description: "kubernetes: kubeconfig context (default: the current one)" },
    namespace: {
      type: "string",
      description: "kubernetes: existing namespace to run in (default: parity-<campaign>, created and deleted)",
    },
    "realtime-namespace": {
      type: "string",
      description:
        "kubernetes, with --namespace: existing namespace for the guides that need real-time scheduling (jitter: " +
        "root with CAP_SYS_NICE, refused where Pod Security enforces restricted)",
    },
    image: {
      type: "string",
      description: "kubernetes: the benchmark image (see runners/targets/kubernetes/workload.Containerfile)",
    },
    profiles: {
      type: "string",
      description: "kubernetes: runtime profiles file (default: runners/targets/kubernetes/runtimes.yaml)",
    },
    set: {
      type: "string",
      description:
        "Guide parameters, guide.param=value comma-separated, e.g. jitter.load=cpu,jitter.durationSeconds=60 (see " +
        "each guide's page)",
    },
    storage: {
      type: "string",
      description: "I/O guide: storage modes to run, comma-separated (default: filesystem,block)",
    },
    "gvisor-platform": {
      type: "string",
      description:
        "local, gvisor runtime: gVisor's platform, ptrace, systrap or kvm (default: systrap, as production; the " +
        "gvisor-ptrace runtime prices ptrace beside it)",
    },
    "storage-class": {
      type: "string",
      description:
        "kubernetes, I/O guide: StorageClass of the per-run PersistentVolumeClaims (default: the cluster's default)",
    },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const positional = (args._ as string[]) ?? [];
      const target = args.target === "kubernetes" ? "kubernetes" : "local";
      const runtimes = args.runtimes ?? TARGET_DEFAULTS[target].runtimes;
      let options = parseRunArgs({
        guides: positional.length > 0 ? positional : guides.all().map((g) => g.id),
        target: args.target,
        runtimes,
        baseline: args.baseline ?? defaultBaseline(runtimes),
        runs: args.runs ?? "5",
        campaign: args.campaign,
        release: args.release,
        quick: args.quick,
        threads: args.threads,
        allowOversubscribe: args["allow-oversubscribe"],
        noiseFloor: args["noise-floor"] ?? !args.quick,
        warmup: args.warmup ?? (args.quick ? "0" : "1"),
        maxRuns: args["until-conclusive"] ? (args["max-runs"] ?? "20") : undefined,
        seed: args.seed ?? String(randomInt(2 ** 31)),
        threshold: args.threshold,
        force: args.force,
        resume: args.resume,
        kubeconfig: args.kubeconfig,
        context: args.context,
        namespace: args.namespace,
        realtimeNamespace: args["realtime-namespace"],
        image: args.image,
        profiles: args.profiles,
        storage: args.storage,
        storageClass: args["storage-class"],
        gvisorPlatform: args["gvisor-platform"],
      });
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      // The results folder carries the schemas its files follow, so `parity check --data` can verify them.
      await writeSchemas(dataDir(args.data));
      if (options.resume) options = await resumeOptions(store, options, args);
      const parameters = options.resume ? {} : parseParameterAssignments(args.set, (id) => guides.has(id));
      const runsGiven = args.runs !== undefined || options.resume;
      const runner = await createTarget(options);
      // The very plan the runner will follow (a resume's is the campaign's, as recorded).
      const settings = options.resume
        ? await store.readCampaign(options.campaign)
        : planSettings(
            { ...options, runsGiven },
            (id) => guides.get(id),
            options.storage ?? runner.storageModes?.() ?? [],
          );
      const estimates = planCampaign(settings, (id) => guides.get(id)).flatMap((plan) => {
        const guide = guides.get(plan.guide);
        const params = guideParameters(guide, options.quick, parameters[plan.guide]);
        const seconds = guide.estimateSeconds(params) / (guide.concurrency?.(params as never) ?? 1);
        return plan.order().map(() => seconds);
      });
      const progress = createProgress({ estimates, mode: args.json ? "json" : process.stderr.isTTY ? "tty" : "plain" });
      const controller = new AbortController();
      // A persistent listener (not once): execa's exit handler re-raises a signal that no
      // other listener handles, which would kill Parity before it removed its containers.
      const onSignal = (signal: NodeJS.Signals) => {
        if (controller.signal.aborted) return;
        progress.log(
          `${signal}: stopping the current run, removing ${options.target === "local" ? "containers" : "pods"} and ` +
            `keeping the campaign as partial…`,
        );
        controller.abort(signal);
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        const campaign = await runCampaign(
          {
            ...options,
            id: options.campaign,
            thresholdPercent: options.threshold,
            ...(options.storage ? { storageModes: options.storage } : {}),
            parameters,
            runsGiven,
          },
          {
            target: runner,
            store,
            progress,
            signal: controller.signal,
            parity: await parityProvenance(),
          },
        );
        process.stderr.write(
          `Campaign ${campaign.id} complete: ${store.display(store.dir(campaign.id))}. Summary: npx parity show ` +
            `${campaign.id}\n`,
        );
      } catch (error) {
        if (isParityError(error, "INTERRUPTED")) {
          process.stderr.write(
            `parity: ${error.message}\nNo ${options.target === "local" ? "container" : "pod"} was left behind.\n`,
          );
          return EXIT_CODES.INTERRUPTED;
        }
        throw error;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    }),
});
