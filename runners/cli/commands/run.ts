import { randomInt } from "node:crypto";
import { join } from "node:path";
import { defineCommand } from "citty";
import { EXIT_CODES, isParityError } from "../../core/errors.ts";
import { guides } from "../../guides/index.ts";
import { parseParameterAssignments } from "../../run/guide-parameters.ts";
import { createProgress } from "../../run/progress.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { createTarget, defaultBaseline, TARGET_DEFAULTS } from "../create-target.ts";
import { executeCampaign, plannedSeconds, withInterrupts } from "../execute-campaign.ts";
import { guarded } from "../guard.ts";
import { parseRunArgs } from "../options.ts";
import { dataArg, dataDir } from "../paths.ts";
import { resumeOptions } from "../resume-options.ts";

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
      description:
        "Add runs look by look (a group-sequential plan, recorded) until every guide's primary verdict is settled, " +
        "up " +
        "to --max-runs and within --budget (default: on; off with --quick; --no-until-conclusive runs --runs only)",
    },
    "max-runs": { type: "string", description: "With --until-conclusive: runs per runtime at most (default 10)" },
    budget: {
      type: "string",
      description:
        "With --until-conclusive: minutes the campaign may take; a look that would end after them does not start " +
        "(the " +
        "planned runs always run; default 90)",
    },
    looks: {
      type: "string",
      description:
        "With --until-conclusive: looks of the group-sequential plan, from the planned runs to --max-runs, evenly " +
        "spaced (default 3)",
    },
    spending: {
      type: "string",
      description:
        "With --until-conclusive: α spending over the looks, obrien-fleming or pocock (default obrien-fleming)",
    },
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
      description: "kubernetes: the benchmark image (`npx parity containerfile` prints how it is built)",
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
        maxRuns: (args["until-conclusive"] ?? !args.quick) ? (args["max-runs"] ?? "10") : undefined,
        looks: args.looks ?? "3",
        budget: args.budget ?? "90",
        spending: args.spending ?? "obrien-fleming",
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
      const request = { options, parameters, runsGiven, store };
      // The very plan the runner will follow (a resume's is the campaign's, as recorded).
      const estimates = await plannedSeconds(request, runner.storageModes?.() ?? []);
      const progress = createProgress({ estimates, mode: args.json ? "json" : process.stderr.isTTY ? "tty" : "plain" });
      const what = options.target === "local" ? "containers" : "pods";
      try {
        const deadline = options.maxRuns !== undefined ? Date.now() + options.budget * 60_000 : undefined;
        const campaign = await withInterrupts(progress, what, (signal) =>
          executeCampaign(request, runner, progress, signal, deadline !== undefined ? { deadline } : {}),
        );
        process.stderr.write(
          `Campaign ${campaign.id} complete: ${store.display(store.dir(campaign.id))}. Summary: npx parity show ` +
            `${campaign.id}\n`,
        );
      } catch (error) {
        if (isParityError(error, "INTERRUPTED")) {
          process.stderr.write(`parity: ${error.message}\nNo ${what.slice(0, -1)} was left behind.\n`);
          return EXIT_CODES.INTERRUPTED;
        }
        throw error;
      }
    }),
});
