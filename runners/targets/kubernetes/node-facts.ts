import type { HostFacts } from "../../schemas/campaign.ts";

// biome-ignore lint/suspicious/noExplicitAny: API objects arrive as plain JSON; each field is checked where it is read
type Obj = Record<string, any>;

/** Parses a CPU quantity ("8", "7910m") into CPUs. */
export function cpuQuantity(q: string | undefined): number {
  if (!q) return Number.NaN;
  return q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

/** Parses a memory quantity ("30770604Ki", "8Gi", "1e9") into bytes. */
export function memoryQuantity(q: string | undefined): number {
  const m = q?.match(/^([0-9.e+]+)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/);
  if (!m) return Number.NaN;
  const unit: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    "": 1,
  };
  return Number(m[1]) * unit[m[2] ?? ""]!;
}

/** The node annotation where `parity cluster up` writes its component versions, as a JSON object of strings. */
export const COMPONENTS_ANNOTATION = "parity.dev/components";

/**
 * The node annotation where `parity cluster up` records each RuntimeClass's runtime settings (the
 * runsc flags of gVisor and its setting runtimes), as a JSON object of objects of strings.
 */
export const RUNTIME_SETTINGS_ANNOTATION = "parity.dev/runtime-settings";

/** A JSON object of strings, or undefined for anything else. */
function stringRecord(value: unknown): Record<string, string> | undefined {
  return value && typeof value === "object" && Object.values(value).every((v) => typeof v === "string")
    ? (value as Record<string, string>)
    : undefined;
}

/** A Parity annotation's JSON, or undefined when absent or not JSON (not Parity's: ignored, like any other). */
function annotationJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The facts of the node a runtime ran on, from the Node object. The node's name and
 * addresses are left out on purpose: cloud node names often embed private IP addresses.
 */
export function nodeFacts(
  node: Obj,
  role: string,
  runtimeClass?: { name: string | null; handler?: string },
  sharedNodeWith: readonly string[] = [],
): HostFacts {
  const info: Obj = node.status?.nodeInfo ?? {};
  const labels: Obj = node.metadata?.labels ?? {};
  const capacity: Obj = node.status?.capacity ?? node.status?.allocatable ?? {};
  const allocatable: Obj = node.status?.allocatable ?? {};
  const instanceType = labels["node.kubernetes.io/instance-type"] ?? labels["beta.kubernetes.io/instance-type"];
  const region = labels["topology.kubernetes.io/region"] ?? labels["failure-domain.beta.kubernetes.io/region"];
  const zone = labels["topology.kubernetes.io/zone"] ?? labels["failure-domain.beta.kubernetes.io/zone"];
  const annotations: Obj = node.metadata?.annotations ?? {};
  const components = stringRecord(annotationJson(annotations[COMPONENTS_ANNOTATION]));
  const allSettings = annotationJson(annotations[RUNTIME_SETTINGS_ANNOTATION]) as Obj | undefined;
  const settings = runtimeClass?.name ? stringRecord(allSettings?.[runtimeClass.name]) : undefined;
  return {
    role,
    kernel: info.kernelVersion ?? "unknown",
    os: info.osImage ?? "unknown",
    vcpus: Math.max(1, Math.round(cpuQuantity(capacity.cpu)) || 1),
    memoryBytes: Math.max(1, Math.round(memoryQuantity(capacity.memory)) || 1),
    runtimeVersions: {
      containerRuntime: info.containerRuntimeVersion ?? "unknown",
      kubelet: info.kubeletVersion ?? "unknown",
    },
    tools: {},
    ...(settings ? { runtimeSettings: { [role]: settings } } : {}),
    kubernetes: {
      kubeletVersion: info.kubeletVersion ?? "unknown",
      containerRuntimeVersion: info.containerRuntimeVersion ?? "unknown",
      architecture: info.architecture ?? "unknown",
      ...(instanceType ? { instanceType } : {}),
      ...(region ? { region } : {}),
      ...(zone ? { zone } : {}),
      allocatableCpu: allocatable.cpu ?? "unknown",
      allocatableMemory: allocatable.memory ?? "unknown",
      runtimeClassName: runtimeClass?.name ?? null,
      ...(runtimeClass?.handler ? { runtimeClassHandler: runtimeClass.handler } : {}),
      ...(sharedNodeWith.length > 0 ? { sharedNodeWith: [...sharedNodeWith] } : {}),
      ...(components ? { components } : {}),
    },
  };
}
