import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";
import type { Measurement } from "../../runners/schemas/measurement.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { WORKLOAD } from "../helpers/workload.ts";

// The methodology's verdict rules on a jitter result built from known values.
const jitter = guides.get("jitter");

function run(runtime: string, arm: "main" | "aa", i: number, metrics: Record<string, number | string>): Measurement {
  const t = `2026-11-30T10:00:${String(i).padStart(2, "0")}.000Z`;
  return {
    runtime,
    arm,
    run: i,
    startedAt: t,
    finishedAt: t,
    metrics,
    workload: WORKLOAD,
    steps: [
      { id: "cyclictest", argv: ["cyclictest"], exitCode: 0, durationMs: 1, rawLog: `raw/jitter/${runtime}-${i}.log` },
    ],
  };
}

/** Five runs per arm; `scale` multiplies every latency of a runtime, `extra` overrides metrics per run. */
function result(
  series: Record<
    string,
    { arm?: "main" | "aa"; scale: number; jitter?: number[]; extra?: (i: number) => Record<string, number | string> }
  >,
): GuideResult {
  const measurements: Measurement[] = [];
  for (const [key, s] of Object.entries(series)) {
    const runtime = key.replace(/-aa$/, "");
    for (let i = 1; i <= 5; i++) {
      const j = s.jitter?.[i - 1] ?? 1 + (i - 3) * 0.004;
      const v = (x: number) => Math.round(x * s.scale * j * 1000) / 1000;
      measurements.push(
        run(runtime, s.arm ?? "main", i, {
          p99Us: v(200),
          p50Us: v(3),
          p999Us: v(400),
          p9999Us: v(700),
          maxUs: v(900),
          meanUs: v(200),
          aboveBound1: v(1000),
          aboveBound2: v(500),
          censored: "none",
          ...(s.extra?.(i) ?? {}),
        }),
      );
    }
  }
  return {
    schemaVersion: 1,
    guide: "jitter",
    guideVersion: 2,
    fingerprint: `sha256:${"0".repeat(64)}`,
    parameters: {},
    threads: { perRuntime: {}, vcpusSeen: {}, oversubscribed: false, allowOversubscribe: false },
    measurements,
    warnings: [],
  };
}
const summarize = (r: GuideResult) =>
  summarizeGuide(jitter.metrics, r, { baseline: "runc", runtimes: ["runc", "gvisor"], thresholdPercent: 5 });
const verdictOf = (r: GuideResult, metric: string) =>
  summarize(r)
    .find((s) => s.metric === metric)!
    .runtimes.find((x) => x.runtime === "gvisor")!.comparison!;

describe("verdict rules", () => {
  it("lets one primary metric carry the guide's verdict", () => {
    const s = summarize(result({ runc: { scale: 1 }, gvisor: { scale: 1.001 } }));
    expect(s.filter((m) => m.primary).map((m) => m.metric)).toEqual(["p99Us"]);
  });

  it("shows maxima, bounds and coarse steps as descriptive, never judged", () => {
    const r = result({
      runc: { scale: 1 },
      gvisor: { scale: 1.5, extra: (i) => ({ censored: i === 1 ? "p9999Us" : "none" }) },
    });
    expect(verdictOf(r, "maxUs")).toMatchObject({ verdict: "descriptive", hint: expect.stringMatching(/a maximum/) });
    expect(verdictOf(r, "p9999Us")).toMatchObject({
      verdict: "descriptive",
      hint: expect.stringMatching(/1 run\(s\) give only a bound/),
    });
    // The median moves in 1 µs steps on about 3 µs: 33% per step, coarser than ±5%.
    expect(verdictOf(r, "p50Us")).toMatchObject({
      verdict: "descriptive",
      hint: expect.stringMatching(/steps of 1 µs, 3\d% of the baseline/),
    });
    expect(verdictOf(r, "p99Us").verdict).toBe("worse");
  });

  it("withholds a metric's verdicts when its own A/A comparison is not equivalent", () => {
    const noisy = result({
      runc: { scale: 1 },
      "runc-aa": { arm: "aa", scale: 1.3, jitter: [1, 1.2, 0.8, 1.1, 0.9] },
      gvisor: { scale: 1.5 },
    });
    expect(verdictOf(noisy, "p99Us")).toMatchObject({
      verdict: "noise-floor",
      hint: expect.stringMatching(/^inconclusive \(noise floor\)/),
    });
    const quiet = result({ runc: { scale: 1 }, "runc-aa": { arm: "aa", scale: 1.001 }, gvisor: { scale: 1.5 } });
    expect(verdictOf(quiet, "p99Us").verdict).toBe("worse");
  });

  it("corrects secondary verdicts with Holm, leaving the primary at α", () => {
    // Four secondary metrics, 5.6% worse with some spread: each alone just "worse", not after Holm (×4).
    const spread = [1.0, 1.03, 0.97, 1.015, 0.985];
    const r = result({ runc: { scale: 1, jitter: spread }, gvisor: { scale: 1.12, jitter: [...spread].reverse() } });
    const primary = verdictOf(r, "p99Us");
    const secondary = ["p999Us", "meanUs", "aboveBound1", "aboveBound2"].map((m) => verdictOf(r, m));
    expect(primary.verdict).toBe("worse");
    for (const c of secondary) {
      expect(c.verdictPValue).toBeCloseTo(primary.verdictPValue, 1);
      if (c.verdictPValue * 4 >= 0.05)
        expect(c).toMatchObject({
          verdict: "inconclusive",
          hint: expect.stringMatching(/Holm's correction across 4 secondary metric/),
        });
      else expect(c.verdict).toBe("worse");
    }
  });
});

describe("runs in two regimes", () => {
  it("are split at their widest gap, flagged, and get no verdict", async () => {
    const { separateRegimes } = await import("../../runners/stats/regimes.ts");
    // Memory bandwidth from a committed campaign (MiB/s): two regimes, not one noisy quantity.
    expect(separateRegimes([13198, 47377, 21913, 14212, 50213])).toEqual({
      low: [13198, 14212, 21913],
      high: [47377, 50213],
    });
    expect(separateRegimes([59452, 57767, 58120, 59010, 57001])).toBeUndefined();
    expect(separateRegimes([100, 101, 150])).toBeUndefined();
    const r = result({ runc: { scale: 1, jitter: [1, 1.01, 3, 3.02, 0.99] }, gvisor: { scale: 1.5 } });
    // Only runc splits (its p99 at 198–202 and 600–604 µs; gVisor's five runs at 300): how often each
    // reached the slow regime, with Fisher's exact test (R: fisher.test(matrix(c(2, 3, 0, 5), 2, byrow = TRUE))).
    expect(verdictOf(r, "p99Us")).toMatchObject({
      verdict: "descriptive",
      hint: expect.stringMatching(
        new RegExp(
          String.raw`only runc's runs fall into two regimes \(198\.00–202\.00 and 600\.00–604\.00\): the slow ` +
            String.raw`one held 2 of 5 runs of runc and 0 of 5 of gvisor \(Fisher's exact test, two-sided p = 0\.44\)`,
        ),
      ),
    });
    // Both runtimes split: a mean describes neither.
    const both = result({
      runc: { scale: 1, jitter: [1, 1.01, 3, 3.02, 0.99] },
      gvisor: { scale: 1, jitter: [1, 1.01, 3, 3.02, 0.99] },
    });
    expect(verdictOf(both, "p99Us")).toMatchObject({
      verdict: "descriptive",
      hint: expect.stringMatching(/separate regimes \(runc: 198\.00–202\.00 and 600\.00–604\.00; gvisor: /),
    });
  });
});

describe("runs in regimes that every reading puts on one side", () => {
  it("get the verdict all combinations share, with the regime finding beside it", () => {
    // runc's p99 at 198–202 and 600–604 µs; gVisor's ten times that in the same two regimes.
    const split = [1, 1.01, 3, 3.02, 0.99];
    const r = result({ runc: { scale: 1, jitter: split }, gvisor: { scale: 10, jitter: split } });
    expect(verdictOf(r, "p99Us")).toMatchObject({
      verdict: "worse",
      hint: expect.stringMatching(/^worse in every combination of regimes \(4\).*separate regimes \(runc: /),
    });
  });
});

describe("network paths", () => {
  const withPath = (r: GuideResult, paths: Record<string, { path: string; mtu: number }>) => ({
    ...r,
    measurements: r.measurements.map((m) => ({ ...m, network: paths[m.runtime]! })),
  });
  const veth = { path: "veth pair between two network namespaces", mtu: 1500 };

  it("compare runtimes whose runs took the same path and MTU, whatever the kernel showed of the link inside", () => {
    const r = withPath(result({ runc: { scale: 1 }, gvisor: { scale: 1.5 } }), { runc: veth, gvisor: veth });
    const gvisor = summarize(r)
      .find((s) => s.metric === "p99Us")!
      .runtimes.find((x) => x.runtime === "gvisor")!;
    expect(gvisor.comparison?.verdict).toBe("worse");
  });

  it("refuse a comparison across different paths, naming both", () => {
    const r = withPath(result({ runc: { scale: 1 }, gvisor: { scale: 1.5 } }), {
      runc: veth,
      gvisor: { ...veth, mtu: 9000 },
    });
    const gvisor = summarize(r)
      .find((s) => s.metric === "p99Us")!
      .runtimes.find((x) => x.runtime === "gvisor")!;
    expect(gvisor.comparison).toBeUndefined();
    expect(gvisor.notComparable).toBe(
      "the network path differs: runc ran through veth pair between two network namespaces (MTU 1500), gvisor " +
        "through veth pair between two network namespaces (MTU 9000)",
    );
  });
});
