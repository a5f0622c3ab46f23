import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";
import { checkDamaged, editJson } from "../helpers/damaged.ts";

// One real quick campaign, copied and damaged in different ways; `parity check` must say
// what is wrong, where, and fail. Two guides are enough, whatever the registry holds: cpu for
// runs and raw logs, jitter for a not-runnable cell (gVisor has no real-time scheduling).
let pristine: string;
beforeAll(async () => {
  pristine = await mkdtemp(join(tmpdir(), "parity-check-"));
  const r = await parity(["run", "cpu", "jitter", "--quick", "--runs", "1", "--campaign", "c1", "--data", pristine]);
  if (r.code !== 0) throw new Error(r.stderr);
  await parity(["schema", "--write", "--data", pristine]);
});
afterAll(async () => {
  await rm(pristine, { recursive: true, force: true });
});

const damaged = (edit: (dir: string) => Promise<void>) => checkDamaged(pristine, "c1", edit);

describe("parity check", () => {
  it("passes an untouched campaign", async () => {
    const r = await parity(["check", "--data", pristine]);
    expect(r.stdout).toBe("schema: ok\nc1: ok");
    expect(r.code).toBe(0);
  });

  it("finds a missing raw log", async () => {
    const r = await damaged((dir) => rm(join(dir, "raw", "cpu", "runc-1.log")));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("cpu: raw log raw/cpu/runc-1.log of runc run 1 is missing");
  });

  it("finds stale numbers when the guide's commands differ from the run's", async () => {
    const r = await damaged((dir) => editJson(join(dir, "cpu.json"), (j) => (j.parameters.maxPrime = 20000)));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cpu: stale numbers — the guide's definition changed since this campaign ran/);
  });

  it("accepts stale numbers of a guide kept as history, and keeps only a guide whose commands changed", async () => {
    const r = await damaged(async (dir) => {
      const data = join(dir, "..", "..");
      const current = await parity(["historical", "c1", "--guide", "jitter", "--reason", "x", "--data", data]);
      expect(current.code).toBe(2);
      expect(current.stderr).toContain('Guide "jitter" of campaign "c1" still measures what the current guide does');
      await editJson(join(dir, "cpu.json"), (j) => (j.parameters.maxPrime = 20000));
      const kept = await parity(["historical", "c1", "--guide", "cpu", "--reason", "re-run in c2", "--data", data]);
      expect(kept.code).toBe(0);
    });
    expect(r.stdout).toContain("cpu: kept as history: re-run in c2");
    expect(r.stdout).not.toContain("stale numbers");
  });

  it("names the file and the field of an invalid value", async () => {
    const r = await damaged((dir) => editJson(join(dir, "cpu.json"), (j) => (j.measurements[1].run = -1)));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/c1\/cpu\.json is not valid:\n\s+- measurements\[1\]\.run: /);
  });

  it("names a truncated file", async () => {
    const r = await damaged(async (dir) => {
      const text = await readFile(join(dir, "campaign.json"), "utf8");
      await writeFile(join(dir, "campaign.json"), text.slice(0, text.length / 2));
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/c1\/campaign\.json is not valid JSON; the file may be truncated/);
  });

  it("finds missing runs in a complete campaign", async () => {
    const r = await damaged((dir) =>
      editJson(
        join(dir, "cpu.json"),
        (j) => (j.measurements = j.measurements.filter((m: { runtime: string }) => m.runtime !== "runc")),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cpu: runc has 0 runs, the campaign planned 1/);
  });

  it(
    "keeps a not-runnable cell honest: its evidence must stay, and without the record the runs are " + "missing",
    async () => {
      const noLog = await damaged((dir) => rm(join(dir, "raw", "jitter", "gvisor-1.log")));
      expect(noLog.code).toBe(1);
      expect(noLog.stdout).toContain(
        "jitter: raw log raw/jitter/gvisor-1.log of the not-runnable attempt on gvisor is missing",
      );
      const noRecord = await damaged((dir) => editJson(join(dir, "jitter.json"), (j) => delete j.notRunnable));
      expect(noRecord.code).toBe(1);
      expect(noRecord.stdout).toMatch(/jitter: gvisor has 0 runs, the campaign planned 1/);
    },
  );

  it("finds an out-of-date JSON Schema", async () => {
    const copy = await mkdtemp(join(tmpdir(), "parity-schema-"));
    await cp(pristine, copy, { recursive: true });
    await writeFile(join(copy, "schema", "campaign.schema.json"), "{}\n");
    const r = await parity(["check", "--data", copy]);
    await rm(copy, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "campaign.schema.json is out of date with the zod schemas; regenerate it with `parity schema --write`.",
    );
  });
});
