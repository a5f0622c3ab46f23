import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { answerCells, formatAnswer } from "../../runners/report/answer.ts";
import type { GuideResult } from "../../runners/schemas/guide-result.ts";
import type { Measurement } from "../../runners/schemas/measurement.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { WORKLOAD } from "../helpers/workload.ts";

// A system-call result built from known per-call times (ns): gVisor four times runc, crun beside it.
const syscall = guides.get("syscall");
const times: Record<string, number[]> = {
  runc: [170, 172, 168, 171, 169],
  gvisor: [690, 700, 680, 695, 685],
  crun: [171, 170, 169, 172, 168],
};
const measurements: Measurement[] = Object.entries(times).flatMap(([runtime, values]) =>
  values.map((getppidNs, i) => ({
    runtime,
    arm: "main" as const,
    run: i + 1,
    startedAt: "2026-12-07T10:00:00.000Z",
    finishedAt: "2026-12-07T10:00:01.000Z",
    metrics: { getppidNs },
    workload: WORKLOAD,
    steps: [
      { id: "perf-bench", argv: ["perf"], exitCode: 0, durationMs: 1, rawLog: `raw/syscall/${runtime}-${i}.log` },
    ],
  })),
);
const result = {
  schemaVersion: 1,
  guide: "syscall",
  guideVersion: syscall.version,
  fingerprint: `sha256:${"0".repeat(64)}`,
  parameters: {},
  threads: { perRuntime: {}, vcpusSeen: {}, oversubscribed: false, allowOversubscribe: false },
  measurements,
  warnings: [],
} as GuideResult;
const summaries = summarizeGuide(syscall.metrics, result, {
  baseline: "runc",
  runtimes: ["runc", "gvisor", "crun"],
  thresholdPercent: 5,
});

describe("the answer a summary leads with", () => {
  it("states each sandbox's cost in absolute figures and as a ratio, biggest first, equivalent last", () => {
    const { settled } = answerCells([{ guide: syscall, summaries }]);
    expect(settled.map((c) => c.runtime.runtime)).toEqual(["gvisor", "crun"]);
    const text = formatAnswer("runc", [{ guide: syscall, summaries }]);
    expect(text.split("\n")[0]).toBe("What each sandbox costs against runc (primary metrics, biggest first):");
    expect(text).toMatch(
      new RegExp(
        String.raw`gvisor vs runc, System calls \(perf bench\), getppid\(\) call: ` +
          String.raw`6\d\d\.\d+ ns vs 1\d\d\.\d+ ns, 4\.\d–4\.\d× runc's \(worse\)`,
      ),
    );
    expect(text).toMatch(
      /crun vs runc, .*, between .* lower and .* higher than runc \(equivalent: no measurable cost\)/,
    );
  });
});
