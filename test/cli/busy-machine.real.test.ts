import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { GuideResultSchema } from "../../runners/schemas/guide-result.ts";
import { parity } from "../helpers/cli.ts";

// A competing busy loop beside a real campaign: every run records the machine around it, and
// runs made while something else took the CPUs are flagged, in the results and in `parity show`.
describe("a busy machine", () => {
  it("is recorded per run and flagged", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-busy-"));
    const loop = execa("sh", ["-c", "while :; do :; done"], { reject: false });
    try {
      const r = await parity([
        "run",
        "cpu",
        "--quick",
        "--runtimes",
        "host",
        "--runs",
        "2",
        "--campaign",
        "busy",
        "--data",
        data,
      ]);
      expect(r.code).toBe(0);
      const cpu = GuideResultSchema.parse(
        JSON.parse(await readFile(join(data, "campaigns", "busy", "cpu.json"), "utf8")),
      );
      for (const m of cpu.measurements) {
        expect(m.environment!.loadAvg1).toBeGreaterThanOrEqual(0);
        expect(m.environment!.quietAtStart).toBe(false);
        // One core of two spun by the loop: about half of the run's CPU time went to another process.
        expect(m.environment!.otherCpuPercent).toBeGreaterThan(20);
      }
      expect(cpu.warnings.map((w) => w.code)).toContain("busy-runs");
      // Short-lived processes count too, through the parent that reaps them.
      const bursts = execa("sh", ["-c", "while :; do sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done'; done"], {
        reject: false,
      });
      loop.kill("SIGKILL");
      const again = await parity([
        "run",
        "cpu",
        "--quick",
        "--runtimes",
        "host",
        "--runs",
        "1",
        "--campaign",
        "bursts",
        "--data",
        data,
      ]);
      bursts.kill("SIGKILL");
      await bursts;
      expect(again.code).toBe(0);
      const b = GuideResultSchema.parse(
        JSON.parse(await readFile(join(data, "campaigns", "bursts", "cpu.json"), "utf8")),
      );
      expect(b.measurements[0]!.environment!.otherCpuPercent).toBeGreaterThan(10);
      const shown = await parity(["show", "busy", "--data", data]);
      expect(shown.stdout).toMatch(
        new RegExp(
          // Each run waited for a quiet machine in vain, ran busy, and the first was run again once.
          String.raw`(\d) of \1 run\(s\) on host ran on a busy or slowed machine; \1 busy: other processes or the ` +
            String.raw`hypervisor took up to \d+\.\d% of the run's CPUs \(more than 5%\)\. 1 of them were run again`,
        ),
      );
    } finally {
      loop.kill("SIGKILL");
      await loop;
      await rm(data, { recursive: true, force: true });
    }
  });
});
