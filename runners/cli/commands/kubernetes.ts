import { defineCommand } from "citty";
import { EXIT_PROBLEMS, ParityError } from "../../core/errors.ts";
import { guides } from "../../guides/index.ts";
import { workloadContainerfile } from "../../guides/workload-packages.ts";
import { parityProvenance } from "../../run/provenance.ts";
import { wholeCpus } from "../../schemas/runtime-profile.ts";
import { doctor } from "../../targets/kubernetes/doctor.ts";
import { guideManifests, toYamlDocuments } from "../../targets/kubernetes/guide-manifests.ts";
import { KubeClient } from "../../targets/kubernetes/kube-client.ts";
import { loadProfiles } from "../../targets/kubernetes/load-profiles.ts";
import { kubeName } from "../../targets/kubernetes/names.ts";
import { PERMISSIONS, rbacManifests } from "../../targets/kubernetes/rbac.ts";
import { guarded } from "../guard.ts";

const profilesArg = {
  profiles: {
    type: "string",
    description: "Runtime profiles file (default: runners/targets/kubernetes/runtimes.yaml)",
  },
} as const;

export const manifestsCommand = defineCommand({
  meta: {
    name: "manifests",
    description: "Print the exact YAML a Kubernetes run of a guide creates, for kubectl apply",
  },
  args: {
    guide: { type: "positional", required: true, description: `Guide: ${guides.ids().join(", ")}` },
    runtime: { type: "string", required: true, description: "Runtime profile, e.g. runc or edera" },
    image: { type: "string", required: true, description: "The benchmark image" },
    node: { type: "string", description: "Pin to this node instead of the profile's selector" },
    campaign: { type: "string", default: "manual", description: "Campaign id used in names and labels" },
    namespace: { type: "string", description: "Namespace (default: parity-<campaign>, printed too)" },
    storage: {
      type: "string",
      default: "block",
      description: "I/O guide: storage mode of the claim, block or filesystem",
    },
    "storage-class": {
      type: "string",
      description: "I/O guide: StorageClass of the claim (default: the cluster's default)",
    },
    ...profilesArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const guide = guides.get(args.guide);
      kubeName("campaign", args.campaign);
      if (args.namespace) kubeName("namespace", args.namespace);
      if (args.node) kubeName("node", args.node);
      const profiles = await loadProfiles(args.profiles);
      const profile = profiles.runtimes.find((r) => r.name === args.runtime);
      if (!profile)
        throw new ParityError("UNKNOWN_RUNTIME", {
          what: `Unknown runtime "${args.runtime}" in the profiles`,
          next: `pick one of ${profiles.runtimes.map((r) => r.name).join(", ")}`,
        });
      if (args.storage !== "block" && args.storage !== "filesystem")
        throw new ParityError("INVALID_INPUT", {
          what: `--storage ${args.storage} is not a storage mode`,
          next: "use block or filesystem",
        });
      const docs = guideManifests(guide, profile, {
        image: args.image,
        campaign: args.campaign,
        storageMode: args.storage,
        ...(args.namespace ? { namespace: args.namespace } : {}),
        ...(args.node ? { nodeName: args.node } : {}),
        ...(args["storage-class"] ? { storageClass: args["storage-class"] } : {}),
      });
      const threads = wholeCpus(profile.resources.cpu);
      process.stdout.write(
        `# parity manifests ${guide.id} --runtime ${profile.name}: ${guide.title}, threads = ${threads} ` +
          `(resources.cpu)\n${toYamlDocuments(docs)}`,
      );
    }),
});

export const rbacCommand = defineCommand({
  meta: { name: "rbac", description: "Print the least-privilege ClusterRole and Role that Parity needs on a cluster" },
  args: {
    namespace: {
      type: "string",
      default: "parity",
      description: "Namespace of the Role (the one you pass as --namespace)",
    },
  },
  run: ({ args }) =>
    guarded(async () => {
      kubeName("namespace", args.namespace);
      const header = [
        "# Permissions of `parity run --target kubernetes` and `parity doctor`, and nothing more:",
        ...PERMISSIONS.map(
          (p) => `#   ${p.verbs.join(", ")} ${p.group ? `${p.group}/` : ""}${p.resource} (${p.scope}): ${p.why}`,
        ),
        `# Bind the Role in namespace ${args.namespace} and run with --namespace ${args.namespace} (least ` +
          `privilege), or bind`,
        "# the pod rules cluster-wide if Parity should create a namespace per campaign.",
      ].join("\n");
      process.stdout.write(`${header}\n${toYamlDocuments(rbacManifests(args.namespace))}`);
    }),
});

export const doctorCommand = defineCommand({
  meta: { name: "doctor", description: "Check a target before a campaign and say what to fix" },
  args: {
    target: { type: "string", default: "kubernetes", description: "Target to check: kubernetes" },
    kubeconfig: { type: "string", description: "kubeconfig file" },
    context: { type: "string", description: "kubeconfig context" },
    runtimes: { type: "string", default: "runc,edera", description: "Runtimes to check, comma-separated" },
    image: { type: "string", description: "Benchmark image to look for on each node" },
    namespace: { type: "string", default: "parity", description: "Namespace to check pod permissions in" },
    "realtime-namespace": {
      type: "string",
      description: "The namespace for guides that need real-time scheduling, as given to parity run",
    },
    ...profilesArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      if (args.target !== "kubernetes")
        throw new ParityError("INVALID_INPUT", {
          what: "parity doctor checks the kubernetes target only",
          next: "run `parity run`, which checks the local target itself",
        });
      const kube = await KubeClient.load({ kubeconfig: args.kubeconfig, context: args.context });
      const checks = await doctor(kube, {
        profiles: await loadProfiles(args.profiles),
        runtimes: args.runtimes.split(","),
        image: args.image,
        namespace: args.namespace,
        ...(args["realtime-namespace"] ? { realtimeNamespace: args["realtime-namespace"] } : {}),
      });
      for (const c of checks)
        process.stdout.write(
          `${c.ok ? "✓" : c.severity === "warning" ? "!" : "✗"} ${c.what}${c.fix ? `\n    fix: ${c.fix}` : ""}\n`,
        );
      const failures = checks.filter((c) => !c.ok && c.severity === "failure").length;
      process.stdout.write(
        failures === 0 ? "Ready for a campaign.\n" : `${failures} problem(s) to fix before a campaign.\n`,
      );
      return failures === 0 ? 0 : EXIT_PROBLEMS;
    }),
});

export const containerfileCommand = defineCommand({
  meta: {
    name: "containerfile",
    description:
      "Print the workload image's Containerfile: Debian's packages of every guide's tools, run as an unprivileged user",
  },
  args: {},
  run: () =>
    guarded(async () => {
      const { version } = await parityProvenance();
      process.stdout.write(workloadContainerfile(guides.all(), version));
    }),
});
