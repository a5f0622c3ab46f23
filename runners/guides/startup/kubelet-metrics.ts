import { CRI_OPERATIONS, type CriOperation } from "../../contracts/pod-lifecycle.ts";

/** The running totals of one kubelet histogram: seconds over every observation, and how many. */
export interface Totals {
  sum: number;
  count: number;
}

/** The kubelet histograms a startup sample reads before and after its pod. */
export interface KubeletTotals {
  /** `kubelet_pod_start_sli_duration_seconds`, over all label sets. */
  podStartSli?: Totals;
  /** `kubelet_runtime_operations_duration_seconds` by `operation_type`: the kubelet's timing of each CRI call. */
  operations: Partial<Record<CriOperation, Totals>>;
}

const SLI = "kubelet_pod_start_sli_duration_seconds";
const OPERATIONS = "kubelet_runtime_operations_duration_seconds";
const SAMPLE = /^(\w+)(?:\{([^}]*)\})?\s+([0-9.eE+-]+|NaN|\+Inf)\s*(?:\d+)?$/;

function add(totals: Totals | undefined, field: "sum" | "count", value: number): Totals {
  const next = totals ?? { sum: 0, count: 0 };
  next[field] += value;
  return next;
}

/**
 * Reads the pod start SLI and the CRI operation histograms' `_sum` and `_count` from the
 * kubelet's Prometheus text exposition (GET /api/v1/nodes/NODE/proxy/metrics). A histogram the
 * kubelet does not export (the SLI before Kubernetes 1.27) is simply absent.
 */
export function kubeletTotals(exposition: string): KubeletTotals {
  const totals: KubeletTotals = { operations: {} };
  for (const line of exposition.split("\n")) {
    const m = line.match(SAMPLE);
    if (!m) continue;
    const [, name, labels = "", raw] = m;
    const value = Number(raw);
    const field = name!.endsWith("_sum") ? "sum" : name!.endsWith("_count") ? "count" : undefined;
    if (!field) continue;
    const histogram = name!.slice(0, -`_${field}`.length);
    if (histogram === SLI) totals.podStartSli = add(totals.podStartSli, field, value);
    if (histogram !== OPERATIONS) continue;
    const operation = labels.match(/(?:^|,)operation_type="([^"]*)"/)?.[1] as CriOperation | undefined;
    if (operation && CRI_OPERATIONS.includes(operation))
      totals.operations[operation] = add(totals.operations[operation], field, value);
  }
  return totals;
}

/**
 * What the observations between two readings add up to, exact when there were `expected` of them
 * (one pod's, nobody else's); undefined otherwise.
 */
export function observedBetween(
  before: Totals | undefined,
  after: Totals | undefined,
  expected: number,
): number | undefined {
  if (!before || !after || after.count - before.count !== expected) return undefined;
  return after.sum - before.sum;
}

/** A histogram's label set that a reading lacks: the kubelet exports none until its first observation. */
const NONE: Totals = { sum: 0, count: 0 };

/** The kubelet's start SLI for one pod between two readings, exact when it observed that pod alone. */
export function podStartSli(before: KubeletTotals, after: KubeletTotals): number | undefined {
  return observedBetween(before.podStartSli ?? NONE, after.podStartSli, 1);
}

/**
 * The kubelet's timing of the CRI calls that started one pod: one RunPodSandbox, and one
 * CreateContainer and StartContainer per container (a fresh kubelet's first pod included: before
 * it, the label set is not exported at all). A call missing, or counted for another pod in
 * between, leaves its operation out.
 */
export function podOperations(
  before: KubeletTotals,
  after: KubeletTotals,
  containers: number,
): Partial<Record<CriOperation, number>> {
  const seconds: Partial<Record<CriOperation, number>> = {};
  for (const operation of CRI_OPERATIONS) {
    const expected = operation === "run_podsandbox" ? 1 : containers;
    const value = observedBetween(before.operations[operation] ?? NONE, after.operations[operation], expected);
    if (value !== undefined) seconds[operation] = value;
  }
  return seconds;
}

/**
 * The lines of a kubelet's metrics that a startup sample's figures come from (the pod start SLI's
 * and the CRI calls' `_sum` and `_count`), verbatim: what a raw log keeps of each reading.
 */
export function kubeletLines(exposition: string): string {
  return exposition
    .split("\n")
    .filter((line) => {
      const name = line.match(SAMPLE)?.[1];
      return name !== undefined && [SLI, OPERATIONS].some((h) => name === `${h}_sum` || name === `${h}_count`);
    })
    .join("\n");
}

/** One pod's figures from the kubelet's metrics read before and after it (the lines kubeletLines kept). */
export function kubeletFigures(scrapes: { before: string; after: string; containers: number }): {
  sliSeconds?: number;
  operationSeconds: Partial<Record<CriOperation, number>>;
} {
  const [before, after] = [kubeletTotals(scrapes.before), kubeletTotals(scrapes.after)];
  const sli = podStartSli(before, after);
  return {
    ...(sli !== undefined ? { sliSeconds: sli } : {}),
    operationSeconds: podOperations(before, after, scrapes.containers),
  };
}
