/** The running totals of the kubelet's pod start SLI histogram. */
export interface SliTotals {
  /** Seconds, all pods. */
  sum: number;
  count: number;
}

const METRIC = "kubelet_pod_start_sli_duration_seconds";

/**
 * Reads `kubelet_pod_start_sli_duration_seconds_sum` and `_count` from the kubelet's
 * Prometheus text exposition (GET /api/v1/nodes/NODE/proxy/metrics), summed over label sets.
 * Undefined when the kubelet does not export it (before Kubernetes 1.27, or it is disabled).
 */
export function sliTotals(exposition: string): SliTotals | undefined {
  let sum: number | undefined;
  let count: number | undefined;
  for (const line of exposition.split("\n")) {
    const m = line.match(/^(\w+)(?:\{[^}]*\})?\s+([0-9.eE+-]+|NaN|\+Inf)\s*(?:\d+)?$/);
    if (!m) continue;
    if (m[1] === `${METRIC}_sum`) sum = (sum ?? 0) + Number(m[2]);
    else if (m[1] === `${METRIC}_count`) count = (count ?? 0) + Number(m[2]);
  }
  return sum === undefined || count === undefined ? undefined : { sum, count };
}

/**
 * One pod's SLI duration from the totals before and after it started: exact when it was the only
 * pod counted in between.
 */
export function sliOfOnePod(before: SliTotals | undefined, after: SliTotals | undefined): number | undefined {
  if (!before || !after || after.count - before.count !== 1) return undefined;
  return after.sum - before.sum;
}
