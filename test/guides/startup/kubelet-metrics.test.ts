import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  kubeletFigures,
  kubeletLines,
  kubeletTotals,
  observedBetween,
  podOperations,
  podStartSli,
} from "../../../runners/guides/startup/kubelet-metrics.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/kubernetes/${name}`, import.meta.url), "utf8");
// Two readings of a real kubelet (v1.34.4, `parity cluster up`) around one gVisor pod's start: see SOURCES.md.
const before = kubeletTotals(fixture("kubelet-metrics_v1.34.4_before-pod.txt"));
const after = kubeletTotals(fixture("kubelet-metrics_v1.34.4_after-pod.txt"));

describe("the kubelet's metrics around one pod", () => {
  it("reads the pod start SLI and the CRI calls' totals, summed over label sets, from a real kubelet", () => {
    for (const totals of [before, after]) {
      expect(totals.podStartSli!.count).toBeGreaterThan(0);
      for (const operation of ["run_podsandbox", "create_container", "start_container"] as const) {
        expect(totals.operations[operation]!.count).toBeGreaterThan(0);
        expect(totals.operations[operation]!.sum).toBeGreaterThan(0);
      }
    }
    // Operations Parity does not time (status calls, probes) are not read.
    expect(Object.keys(after.operations).sort()).toEqual(["create_container", "run_podsandbox", "start_container"]);
  });

  it("gives the pod's own CRI calls: one sandbox, one create and one start per container", () => {
    const seconds = podOperations(before, after, 1);
    expect(Object.keys(seconds).sort()).toEqual(["create_container", "run_podsandbox", "start_container"]);
    for (const value of Object.values(seconds)) expect(value).toBeGreaterThan(0);
    expect(seconds.run_podsandbox).toBeCloseTo(
      after.operations.run_podsandbox!.sum - before.operations.run_podsandbox!.sum,
      12,
    );
    // Read as a pod of two containers, the one container call counted is someone else's share: left out.
    expect(Object.keys(podOperations(before, after, 2))).toEqual(["run_podsandbox"]);
  });

  it("gives nothing when another pod's calls were counted in between, or a reading is missing", () => {
    const sum = (s: number, c: number) => ({ sum: s, count: c });
    expect(observedBetween(sum(10.5, 7), sum(11.75, 8), 1)).toBeCloseTo(1.25, 12);
    expect(observedBetween(sum(10.5, 7), sum(12.75, 9), 1)).toBeUndefined();
    expect(observedBetween(undefined, sum(12.75, 9), 1)).toBeUndefined();
    expect(kubeletTotals("go_goroutines 12\n")).toEqual({ operations: {} });
  });

  it("counts a fresh kubelet's first pod, whose histograms the reading before did not export yet", () => {
    const fresh = kubeletTotals("go_goroutines 12\n");
    const first = kubeletTotals(
      [
        'kubelet_runtime_operations_duration_seconds_sum{operation_type="run_podsandbox"} 0.25',
        'kubelet_runtime_operations_duration_seconds_count{operation_type="run_podsandbox"} 1',
        'kubelet_runtime_operations_duration_seconds_sum{operation_type="create_container"} 0.03',
        'kubelet_runtime_operations_duration_seconds_count{operation_type="create_container"} 1',
        'kubelet_runtime_operations_duration_seconds_sum{operation_type="start_container"} 0.02',
        'kubelet_runtime_operations_duration_seconds_count{operation_type="start_container"} 1',
        "kubelet_pod_start_sli_duration_seconds_sum 1.5",
        "kubelet_pod_start_sli_duration_seconds_count 1",
      ].join("\n"),
    );
    expect(podOperations(fresh, first, 1)).toEqual({
      run_podsandbox: 0.25,
      create_container: 0.03,
      start_container: 0.02,
    });
    expect(podStartSli(fresh, first)).toBe(1.5);
  });

  it("reads label sets in any order and ignores buckets", () => {
    const totals = kubeletTotals(
      [
        'kubelet_runtime_operations_duration_seconds_bucket{operation_type="run_podsandbox",le="+Inf"} 3',
        'kubelet_runtime_operations_duration_seconds_sum{le="x",operation_type="run_podsandbox"} 0.75',
        'kubelet_runtime_operations_duration_seconds_count{operation_type="run_podsandbox"} 3',
        'kubelet_runtime_operations_duration_seconds_sum{operation_type="exec_sync"} 9',
        "kubelet_pod_start_sli_duration_seconds_sum 2.5",
        "kubelet_pod_start_sli_duration_seconds_count 2",
      ].join("\n"),
    );
    expect(totals).toEqual({
      podStartSli: { sum: 2.5, count: 2 },
      operations: { run_podsandbox: { sum: 0.75, count: 3 } },
    });
  });

  it("keeps, of each real reading, exactly the lines the pod's figures come from: the raw log re-derives them", () => {
    const full = fixture("kubelet-metrics_v1.34.4_before-pod.txt");
    const kept = kubeletLines(full).split("\n");
    const wanted = /^kubelet_(pod_start_sli|runtime_operations)_duration_seconds_(sum|count)[{ ]/;
    expect(kept).toEqual(full.split("\n").filter((line) => wanted.test(line)));
    expect(kept.length).toBeGreaterThan(0);
    const figures = kubeletFigures({
      before: kubeletLines(fixture("kubelet-metrics_v1.34.4_before-pod.txt")),
      after: kubeletLines(fixture("kubelet-metrics_v1.34.4_after-pod.txt")),
      containers: 1,
    });
    expect(figures.operationSeconds).toEqual(podOperations(before, after, 1));
    expect(figures.sliSeconds).toEqual(podStartSli(before, after));
  });
});
