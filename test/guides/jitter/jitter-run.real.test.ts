import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { wasRerun } from "../../../runners/core/machine-state.ts";
import { splitProbe, wrapWithProbe } from "../../../runners/core/probe.ts";
import { cyclictestArgv, JitterParametersSchema, jitterGuide } from "../../../runners/guides/jitter/guide.ts";
import { CampaignStore } from "../../../runners/store/campaign-store.ts";
import { LocalTarget } from "../../../runners/targets/local/local-target.ts";
import { parity } from "../../helpers/cli.ts";

const CYCLICTEST = jitterGuide.tools[0]!;
const data = await mkdtemp(join(tmpdir(), "parity-jitter-"));
afterAll(() => rm(data, { recursive: true, force: true }));

describe("parity run jitter --quick (real cyclictest on the host and in a real runc container)", () => {
  it(
    "measures every vCPU with real-time priority granted in both, and keeps the histogram in the raw " + "log",
    async () => {
      const r = await parity(["run", "jitter", "--quick", "--runs", "1", "--campaign", "jq", "--data", data]);
      expect(r.code, r.stderr).toBe(0);
      const store = new CampaignStore(join(data, "campaigns"));
      const result = await store.readGuide("jq", "jitter");
      expect(
        result.measurements
          .filter((m) => !wasRerun(m))
          .map((m) => m.runtime)
          .sort(),
      ).toEqual(["host", "runc"]);
      for (const m of result.measurements) {
        expect(m.workload.realtime).toBe(true);
        expect(m.metrics.threads).toBe(m.workload.vcpus);
        // Two seconds at 1 ms per thread, less cyclictest's start-up.
        expect(m.metrics.samples as number).toBeGreaterThan(1500 * m.workload.vcpus);
        const [p50, p99, max] = [m.metrics.p50Us, m.metrics.p99Us, m.metrics.maxUs] as number[];
        expect(p50).toBeLessThanOrEqual(p99!);
        expect(p99).toBeLessThanOrEqual(max!);
        expect(m.metrics.load).toBe("none");
        const raw = await readFile(join(data, "campaigns", "jq", m.steps[0]!.rawLog), "utf8");
        expect(raw).toContain("# Histogram");
      }
    },
  );

  it("runs under CPU load when asked, and records the mode", async () => {
    const r = await parity([
      "run",
      "jitter",
      "--quick",
      "--runs",
      "1",
      "--campaign",
      "jl",
      "--data",
      data,
      "--set",
      "jitter.load=cpu",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = await new CampaignStore(join(data, "campaigns")).readGuide("jl", "jitter");
    expect(result.parameters.load).toBe("cpu");
    for (const m of result.measurements) expect(m.metrics.load).toBe("cpu");
    expect(result.measurements[0]!.steps[0]!.argv.slice(0, 2)).toEqual(["sh", "-c"]);
  });
});

describe("cyclictest without real-time permission", () => {
  it("refuses to start in a container without CAP_SYS_NICE, and the guide's hint names the fix", async () => {
    const target = new LocalTarget({ label: "jitter-nort" });
    await target.prepare([CYCLICTEST], ["runc"]);
    try {
      const argv = cyclictestArgv({ ...JitterParametersSchema.parse({ durationSeconds: 1, priority: 0 }), threads: 1 });
      const denied = await target.exec("runc", wrapWithProbe(argv), { label: "no realtime" });
      expect(denied.exitCode).not.toBe(0);
      expect(splitProbe(denied.stdout, "runc").facts.realtime).toBe(false);
      expect(jitterGuide.steps[0]!.hint!(denied.stderr)).toMatch(/CAP_SYS_NICE/);
      const granted = await target.exec("runc", wrapWithProbe(argv), { label: "realtime", realtime: true });
      expect(granted.exitCode, granted.stderr).toBe(0);
    } finally {
      await target.cleanup();
    }
  });
});
