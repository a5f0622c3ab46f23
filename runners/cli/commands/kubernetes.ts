import * as z from "zod";
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
import { cliMeta, storageModeOption } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";

const profilesOption = z
  .string()
  .optional()
  .describe("Runtime profiles file (default: runners/targets/kubernetes/runtimes.yaml)");

export const manifestsCommand = parityCommand({
  name: "manifests",
  description: "Print the exact YAML a Kubernetes run of a guide creates, for kubectl apply",
  options: z.object({
    guide: z
      .string()
      .describe(`Guide: ${guides.ids().join(", ")}`)
      .register(cliMeta, { positional: true }),
    runtime: z.string().describe("Runtime profile, e.g. runc or edera"),
    image: z.string().describe("The benchmark image"),
    node: z.string().optional().describe("Pin to this node instead of the profile's selector"),
    campaign: z.string().default("manual").describe("Campaign id used in names and labels"),
    namespace: z.string().optional().describe("Namespace (default: parity-<campaign>, printed too)"),
    storage: storageModeOption.default("block").describe("I/O guide: storage mode of the claim, block or filesystem"),
    storageClass: z
      .string()
      .optional()
      .describe("I/O guide: StorageClass of the claim (default: the cluster's default)"),
    profiles: profilesOption,
  }),
  run: async (o) => {
    const guide = guides.get(o.guide);
    kubeName("campaign", o.campaign);
    if (o.namespace) kubeName("namespace", o.namespace);
    if (o.node) kubeName("node", o.node);
    const profiles = await loadProfiles(o.profiles);
    const profile = profiles.runtimes.find((r) => r.name === o.runtime);
    if (!profile)
      throw new ParityError("UNKNOWN_RUNTIME", {
        what: `Unknown runtime "${o.runtime}" in the profiles`,
        next: `pick one of ${profiles.runtimes.map((r) => r.name).join(", ")}`,
      });
    const docs = guideManifests(guide, profile, {
      image: o.image,
      campaign: o.campaign,
      storageMode: o.storage,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.storageClass ? { storageClass: o.storageClass } : {}),
    });
    const threads = wholeCpus(profile.resources.cpu);
    process.stdout.write(
      `# parity manifests ${guide.id} --runtime ${profile.name}: ${guide.title}, threads = ${threads} ` +
        `(resources.cpu)\n${toYamlDocuments(docs)}`,
    );
  },
});

export const rbacCommand = parityCommand({
  name: "rbac",
  description: "Print the least-privilege ClusterRole and Role that Parity needs on a cluster",
  options: z.object({
    namespace: z.string().default("parity").describe("Namespace of the Role (the one you pass as --namespace)"),
  }),
  run: async (o) => {
    kubeName("namespace", o.namespace);
    const header = [
      "# Permissions of `parity run --target kubernetes` and `parity doctor`, and nothing more:",
      ...PERMISSIONS.map(
        (p) => `#   ${p.verbs.join(", ")} ${p.group ? `${p.group}/` : ""}${p.resource} (${p.scope}): ${p.why}`,
      ),
      `# Bind the Role in namespace ${o.namespace} and run with --namespace ${o.namespace} (least ` +
        `privilege), or bind`,
      "# the pod rules cluster-wide if Parity should create a namespace per campaign.",
    ].join("\n");
    process.stdout.write(`${header}\n${toYamlDocuments(rbacManifests(o.namespace))}`);
  },
});

export const doctorCommand = parityCommand({
  name: "doctor",
  description: "Check a target before a campaign and say what to fix",
  options: z.object({
    target: z
      .enum(["kubernetes"], { error: "parity doctor checks the kubernetes target only: `parity run` checks local" })
      .default("kubernetes")
      .describe("Target to check: kubernetes"),
    kubeconfig: z.string().optional().describe("kubeconfig file"),
    context: z.string().optional().describe("kubeconfig context"),
    runtimes: z.string().default("runc,edera").describe("Runtimes to check, comma-separated"),
    image: z.string().optional().describe("Benchmark image to look for on each node"),
    namespace: z.string().default("parity").describe("Namespace to check pod permissions in"),
    realtimeNamespace: z
      .string()
      .optional()
      .describe("The namespace for guides that need real-time scheduling, as given to parity run"),
    profiles: profilesOption,
  }),
  run: async (o) => {
    const kube = await KubeClient.load({ kubeconfig: o.kubeconfig, context: o.context });
    const checks = await doctor(kube, {
      profiles: await loadProfiles(o.profiles),
      runtimes: o.runtimes.split(","),
      image: o.image,
      namespace: o.namespace,
      ...(o.realtimeNamespace ? { realtimeNamespace: o.realtimeNamespace } : {}),
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
  },
});

export const containerfileCommand = parityCommand({
  name: "containerfile",
  description:
    "Print the workload image's Containerfile: Debian's packages of every guide's tools, run as an unprivileged user",
  options: z.object({}),
  run: async () => {
    const { version } = await parityProvenance();
    process.stdout.write(workloadContainerfile(guides.all(), version));
  },
});
