import { describe, expect, it } from "vitest";
import type { PodLifecycle } from "../../../runners/contracts/pod-lifecycle.ts";
import { startupGuide } from "../../../runners/guides/startup/guide.ts";
import { eventTimeMs, lifecycleMetrics, pulledImage } from "../../../runners/guides/startup/pod-lifecycle.ts";

// Runner clock (epoch ms) of a pod created at 10:00:00.800 (runner), i.e. whole second 10:00:00 on the API.
const T0 = Date.parse("2026-11-27T10:00:00.800Z");
const lifecycle: PodLifecycle = {
  createSentAt: T0,
  createReturnedAt: T0 + 4.5,
  observed: {
    PodScheduled: T0 + 12.25,
    Initialized: T0 + 15,
    Running: T0 + 912.25,
    ContainersReady: T0 + 1405.75,
    Ready: T0 + 1406,
  },
  creationTimestamp: "2026-11-27T10:00:00Z",
  transitions: {
    PodScheduled: "2026-11-27T10:00:00Z",
    Initialized: "2026-11-27T10:00:00Z",
    ContainersReady: "2026-11-27T10:00:02Z",
    Ready: "2026-11-27T10:00:02Z",
  },
  startedAt: "2026-11-27T10:00:01Z",
  // The scheduler's clock runs 3 ms ahead of the runner's; it bound the pod 10.123456 ms after the
  // create was sent (runner time).
  scheduledEventTime: "2026-11-27T10:00:00.813123456Z",
  clockOffsetMs: 3,
  imageEvents: [{ reason: "Pulled", message: 'Container image "r/w:1" already present on machine' }],
  kubelet: {
    before: scrape({ sli: [4.5, 3], sandbox: [1.2, 3], create: [0.05, 3], start: [0.1, 3] }),
    after: scrape({ sli: [5.4123, 4], sandbox: [1.51, 4], create: [0.0625, 4], start: [0.1475, 4] }),
    containers: 1,
  },
};

/** The lines of a kubelet's metrics a raw log keeps: each histogram's [sum, count]. */
function scrape(h: Record<"sli" | "sandbox" | "create" | "start", [number, number]>): string {
  const op = (type: string, [sum, count]: [number, number]) => [
    `kubelet_runtime_operations_duration_seconds_sum{operation_type="${type}"} ${sum}`,
    `kubelet_runtime_operations_duration_seconds_count{operation_type="${type}"} ${count}`,
  ];
  return [
    `kubelet_pod_start_sli_duration_seconds_sum ${h.sli[0]}`,
    `kubelet_pod_start_sli_duration_seconds_count ${h.sli[1]}`,
    ...op("run_podsandbox", h.sandbox),
    ...op("create_container", h.create),
    ...op("start_container", h.start),
  ].join("\n");
}

describe("lifecycleMetrics", () => {
  it("computes every phase from the watch-observed times, and the API figures in whole seconds beside them", () => {
    const m = lifecycleMetrics(lifecycle);
    expect(m).toMatchObject({
      runningMs: 912.25,
      readyMs: 1406,
      schedulingMs: 12.25,
      sandboxInitMs: 900,
      containersReadyMs: 493.5,
      createRoundTripMs: 4.5,
      apiReadyS: 2,
      apiScheduledS: 0,
      apiStartedS: 1,
      apiContainersReadyS: 2,
      imagePull: "none",
    });
    // Epoch milliseconds in a double resolve about 0.24 µs: microseconds survive.
    expect(m.scheduledEventMs).toBeCloseTo(10.123456, 3);
    expect(m.kubeletSliMs).toBeCloseTo(912.3, 6);
    expect(m.podSandboxMs).toBeCloseTo(310, 9);
    expect(m.containerStartMs).toBeCloseTo(60, 9);
    expect(m.runtimeStartMs).toBeCloseTo(370, 9);
  });

  it("leaves the runtime start out when a CRI call was not timed for this pod alone", () => {
    // Another pod's container calls were counted between the two readings.
    const after = scrape({ sli: [5.4123, 4], sandbox: [1.51, 4], create: [0.0925, 5], start: [0.1875, 5] });
    const m = lifecycleMetrics({ ...lifecycle, kubelet: { ...lifecycle.kubelet!, after } });
    expect(m.podSandboxMs).toBeCloseTo(310, 9);
    expect(m).not.toHaveProperty("containerStartMs");
    expect(m).not.toHaveProperty("runtimeStartMs");
  });

  it("shows why whole seconds cannot resolve 1.0 vs 1.4 s: both pods read the same API figure", () => {
    // Created at .800 and at .100 of a second; Ready 1.0 s and 1.4 s later.
    const a = {
      ...lifecycle,
      observed: { ...lifecycle.observed, Ready: T0 + 1000 },
      transitions: { ...lifecycle.transitions, Ready: "2026-11-27T10:00:01Z" },
    };
    const b = {
      ...lifecycle,
      createSentAt: T0 - 700,
      observed: { ...lifecycle.observed, Ready: T0 - 700 + 1400 },
      transitions: { ...lifecycle.transitions, Ready: "2026-11-27T10:00:01Z" },
    };
    expect([lifecycleMetrics(a).apiReadyS, lifecycleMetrics(b).apiReadyS]).toEqual([1, 1]);
    expect([lifecycleMetrics(a).readyMs, lifecycleMetrics(b).readyMs]).toEqual([1000, 1400]);
  });

  it("flags a sample whose image was pulled, and the guide excludes it", () => {
    const pulled = lifecycleMetrics({
      ...lifecycle,
      imageEvents: [
        { reason: "Pulling", message: 'Pulling image "r/w:1"' },
        { reason: "Pulled", message: 'Successfully pulled image "r/w:1" in 1.2s' },
      ],
    });
    expect(pulled.imagePull).toBe("pulled");
    expect(startupGuide.exclude!(pulled)).toMatch(/image was pulled/);
    expect(startupGuide.exclude!(lifecycleMetrics(lifecycle))).toBeUndefined();
    expect(lifecycleMetrics({ ...lifecycle, imageEvents: undefined }).imagePull).toBe("unknown");
  });

  it("refuses a record that never saw Ready or a condition on the way", () => {
    expect(() => lifecycleMetrics({ ...lifecycle, observed: { ...lifecycle.observed, Ready: undefined } })).toThrow(
      /never seen Ready/,
    );
    expect(() => lifecycleMetrics({ ...lifecycle, observed: { ...lifecycle.observed, Running: undefined } })).toThrow(
      /never showed the pod's Running/,
    );
  });
});

describe("image pull and event time helpers", () => {
  it("treats 'already present' as no pull, a Pulling event or a real Pulled as a pull", () => {
    expect(pulledImage([{ reason: "Pulled", message: 'Container image "x" already present on machine' }])).toBe(false);
    expect(
      pulledImage([{ reason: "Pulled", message: 'Successfully pulled image "x" in 3.1s (3.1s including waiting)' }]),
    ).toBe(true);
    expect(pulledImage([{ reason: "Pulling", message: 'Pulling image "x"' }])).toBe(true);
  });

  it("keeps an eventTime's microseconds", () => {
    expect(eventTimeMs("2026-11-27T10:00:00.813123Z") - Date.parse("2026-11-27T10:00:00Z")).toBeCloseTo(813.123, 3);
    expect(eventTimeMs("2026-11-27T10:00:00Z")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(() => eventTimeMs("yesterday")).toThrow(/not an RFC 3339 time/);
  });
});
