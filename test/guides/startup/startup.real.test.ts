import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EPOCH_MS_UNCERTAINTY_MS } from "../../../runners/core/epoch-ms.ts";
import { parseStartup } from "../../../runners/guides/startup/guide.ts";
import { CampaignStore } from "../../../runners/store/campaign-store.ts";
import { parity } from "../../helpers/cli.ts";
import { fixture } from "../../helpers/fixtures.ts";

describe("parseStartup", () => {
  it("measures from the runner's request to the workload's first clock reading and to the exit", () => {
    // The workload printed 1795800000.123456789 s; the runner asked at 1795800000120.000 ms and saw
    // the exit at …150.5 ms.
    expect(
      parseStartup("1795800000123456789\n=== parity probe v1 ===", {
        requestedAt: 1795800000120,
        exitedAt: 1795800000150.5,
      }),
    ).toEqual({
      // Doubles near 1.8e12 ms resolve about 0.24 µs: microseconds are exact enough.
      firstInstructionMs: expect.closeTo(3.456789, 3),
      exitMs: 30.5,
    });
  });

  it("rejects an output whose first line is not a nanosecond clock, and one without the runner's marks", () => {
    expect(() => parseStartup("hello\n", { requestedAt: 1, exitedAt: 2 })).toThrow(
      /first line should be its clock in nanoseconds/,
    );
    expect(() => parseStartup("1795800000123456789\n")).toThrow(/needs two timing marks around the workload/);
  });

  it("refuses a first instruction outside the marks around it: the two clocks were not the same wall clock", () => {
    // A campaign's marks once ran 13 s behind the workload's `date` after the machine's clock was stepped.
    expect(() =>
      parseStartup("1796427317994081336\n", { requestedAt: 1796427304927.598, exitedAt: 1796427305081.783 }),
    ).toThrow(/falls outside the marks around it/);
    expect(() =>
      parseStartup("1795800000100000000\n", { requestedAt: 1795800000120, exitedAt: 1795800000150.5 }),
    ).toThrow(/read different clocks/);
  });

  it("accepts a clock reading within the marks' uncertainty of them, as a bare process's fast exit gives", () => {
    // A real host run here (CI, 2026-12-06): `date +%s%N` read its clock 0.15 ms after the runner's
    // exit mark, whose monotonic clock had drifted from the wall clock by less than the re-anchor limit.
    expect(
      parseStartup("1796521214836337770\n", { requestedAt: 1796521214829.8118, exitedAt: 1796521214836.1877 }),
    ).toEqual({ firstInstructionMs: expect.closeTo(6.52597, 3), exitMs: expect.closeTo(6.3759, 3) });
    // Beyond it, the clocks disagree.
    expect(() =>
      parseStartup("1796521214836337770\n", {
        requestedAt: 1796521214829.8118,
        exitedAt: 1796521214836.33 - EPOCH_MS_UNCERTAINTY_MS - 0.01,
      }),
    ).toThrow(/falls outside the marks around it/);
  });

  it(
    "reads a startup timed by hand: the shell's requested and exited marks around the workload's clock (real runc, " +
      "runsc and host outputs)",
    () => {
      // Differences of the 19-digit nanosecond values, worked out by hand from the fixtures.
      expect(parseStartup(fixture("startup/hand-runc.txt"))).toEqual({
        firstInstructionMs: expect.closeTo(43.707143, 3),
        exitMs: expect.closeTo(45.595437, 3),
      });
      expect(parseStartup(fixture("startup/hand-gvisor.txt"))).toEqual({
        firstInstructionMs: expect.closeTo(67.035824, 3),
        exitMs: expect.closeTo(71.220183, 3),
      });
      expect(parseStartup(fixture("startup/hand-host.txt"))).toEqual({
        firstInstructionMs: expect.closeTo(0.554752, 3),
        exitMs: expect.closeTo(1.183706, 3),
      });
      expect(() => parseStartup("requested 1796062728670286853\n1796062728713993996\n")).toThrow(
        /"exited NANOSECONDS"/,
      );
    },
  );
});

describe("parity run startup (real processes and real runc containers)", () => {
  it("records a time to first instruction per run, longer in a container than for a bare process", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-startup-"));
    const r = await parity([
      "run",
      "startup",
      "--runs",
      "3",
      "--no-until-conclusive",
      "--campaign",
      "st",
      "--data",
      data,
    ]);
    expect(r.code).toBe(0);
    const result = await new CampaignStore(join(data, "campaigns")).readGuide("st", "startup");
    const mean = (rt: string) => {
      const v = result.measurements
        .filter((m) => m.runtime === rt && m.arm === "main")
        .map((m) => m.metrics.firstInstructionMs as number);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    for (const m of result.measurements) {
      expect(m.metrics.firstInstructionMs).toBeGreaterThan(0);
      // Two clocks (the workload's wall clock, the runner's marks) agree to within the stated uncertainty.
      expect(m.metrics.exitMs).toBeGreaterThan((m.metrics.firstInstructionMs as number) - EPOCH_MS_UNCERTAINTY_MS);
    }
    // Creating namespaces, cgroups and mounts costs more than a fork and exec.
    expect(mean("runc")).toBeGreaterThan(mean("host"));
    await rm(data, { recursive: true, force: true });
  });
});
