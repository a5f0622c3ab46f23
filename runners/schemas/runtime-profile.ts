// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";

const QuantitySchema = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, "use a Kubernetes quantity such as 4, 500m or 8Gi");

/** How one runtime is selected and sized on a cluster. Users add runtimes by editing the file, not code. */
export const RuntimeProfileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "use lower-case letters, digits and dashes")
      .describe("Runtime name used on the command line, e.g. `edera`."),
    description: z.string().default("").describe("One line for readers, e.g. `Edera zones: a Xen-based VM per pod`."),
    isolation: z
      .enum(["container", "vm", "user-kernel"])
      .describe(
        "`container` shares the node's kernel (runc); `vm` runs a guest kernel per pod (Edera, Kata); `user-kernel` " +
          "intercepts syscalls in user space (gVisor).",
      ),
    runtimeClassName: z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/,
        "a RuntimeClass name: lower-case letters, digits, dots and dashes",
      )
      .nullable()
      .default(null)
      .describe("RuntimeClass of the pods; null for the node's default runtime (runc), e.g. `edera`."),
    vcpuAnnotation: z
      .string()
      .optional()
      .describe(
        "Annotation that sizes the guest's vCPUs, filled from `resources.cpu`, e.g. `dev.edera/cpu`. Without it some " +
          "VM runtimes give the guest a default of 2 vCPUs.",
      ),
    memoryAnnotation: z
      .string()
      .optional()
      .describe("Annotation that sizes the guest's memory, filled from `resources.memory`, e.g. `dev.edera/memory`."),
    memoryAnnotationUnit: z
      .enum(["quantity", "MiB"])
      .default("quantity")
      .describe("How the memory annotation is written: the quantity as given (`8Gi`) or a number of MiB (`8192`)."),
    annotations: z.record(z.string(), z.string()).default({}).describe("Further pod annotations, copied as they are."),
    node: z
      .strictObject({
        name: z
          .string()
          .regex(
            /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/,
            "a Kubernetes node name: lower-case letters, digits, dots and dashes",
          )
          .optional()
          .describe("Pin to this node by name, e.g. `ip-10-0-1-23.us-west-2.compute.internal`."),
        selector: z
          .record(z.string(), z.string())
          .optional()
          .describe("Or to nodes with these labels, e.g. `{ parity/runtime: edera }`."),
      })
      .refine((n) => Boolean(n.name) !== Boolean(n.selector), "give either node.name or node.selector")
      .describe("The node this runtime's pods run on: one node per runtime."),
    resources: z
      .strictObject({
        cpu: QuantitySchema.describe(
          "CPU request and limit (Guaranteed QoS), e.g. `4`; whole CPUs fill the vCPU annotation.",
        ),
        memory: QuantitySchema.describe("Memory request and limit, e.g. `8Gi`."),
      })
      .describe("Resources of the benchmark container, requests equal to limits."),
    lacks: z
      .strictObject({
        realtime: z
          .string()
          .optional()
          .describe(
            "Why the runtime has no real-time scheduling, e.g. `gVisor's kernel implements no real-time scheduling " +
              "class.`",
          ),
        blockDevice: z
          .string()
          .optional()
          .describe(
            "Why a raw block volume does not reach the workload, e.g. `gVisor passes no host block device into the " +
              "sandbox.`",
          ),
        directIo: z
          .string()
          .optional()
          .describe("Why O_DIRECT does not bypass caches end to end, e.g. `gVisor serves files through its gofer.`"),
      })
      .default({})
      .describe(
        "What the runtime cannot do, with the reason: a run that needs it and fails is recorded as not runnable with " +
          "the tool's own words.",
      ),
    kernelLogProof: z
      .string()
      .optional()
      .describe(
        "Text the workload's kernel log must start with to prove the run was inside this runtime, e.g. `Starting " +
          "gVisor`.",
      ),
    imagePullPolicy: z
      .enum(["IfNotPresent", "Never", "Always"])
      .default("IfNotPresent")
      .describe(
        "The benchmark container's image pull policy, e.g. `Never` where the image was imported onto the node and no " +
          "registry is reachable.",
      ),
    tolerations: z
      .array(z.record(z.string(), z.unknown()))
      .default([])
      .describe("Tolerations for tainted benchmark nodes, as in a pod spec."),
  })
  .describe("A runtime on a Kubernetes cluster.");

/** The runtime profiles file (`runtimes.yaml`). */
export const RuntimeProfilesSchema = z
  .strictObject({
    runtimes: z
      .array(RuntimeProfileSchema)
      .min(1)
      .refine((rs) => new Set(rs.map((r) => r.name)).size === rs.length, "two runtimes have the same name"),
  })
  .describe("Runtime profiles of the Kubernetes target.");

export type RuntimeProfile = z.output<typeof RuntimeProfileSchema>;
export type RuntimeProfiles = z.output<typeof RuntimeProfilesSchema>;

/** Whole CPUs of a quantity ("4" → 4, "3500m" → 3): the vCPUs a guest is sized to. */
export function wholeCpus(quantity: string): number {
  return quantity.endsWith("m") ? Math.floor(Number(quantity.slice(0, -1)) / 1000) : Math.floor(Number(quantity));
}

const MEMORY_MIB: Record<string, number> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1000 / 1048576,
  M: 1e6 / 1048576,
  G: 1e9 / 1048576,
  T: 1e12 / 1048576,
  "": 1 / 1048576,
};

/** A memory quantity in MiB ("8Gi" → 8192). */
export function memoryMiB(quantity: string): number {
  const m = quantity.match(/^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/);
  return m ? Math.floor(Number(m[1]) * MEMORY_MIB[m[2] ?? ""]!) : Number.NaN;
}
