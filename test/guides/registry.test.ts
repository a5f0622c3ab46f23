import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { guides } from "../../runners/guides/index.ts";
import { Registry } from "../../runners/guides/registry.ts";

describe("registries", () => {
  it("refuse a duplicate id", () => {
    const r = new Registry("guide", [{ id: "cpu" }]);
    expect(() => r.add({ id: "cpu" })).toThrow(/already registered/);
  });

  it("name the known ids when asked for an unknown one", () => {
    try {
      guides.get("gpu");
      expect.unreachable();
    } catch (error) {
      expect(isParityError(error, "UNKNOWN_GUIDE")).toBe(true);
      expect((error as Error).message).toBe(
        `Unknown guide "gpu". Next step: pick one of the known guides: ${guides.ids().join(", ")}.`,
      );
    }
  });

  it("hold guides whose every step renders an argv, with the thread count where threads apply", () => {
    for (const guide of guides.all()) {
      const params = guide.parameters.parse({}) as Record<string, unknown>;
      for (const step of guide.steps) {
        const argv = step.argv({ ...params, threads: 7, storage: { mode: "block", path: "/dev/x" } });
        expect(argv.length).toBeGreaterThan(1);
        // A step whose command does not depend on the thread count (a start-up timing) has none to check.
        const other = step.argv({ ...params, threads: 8, storage: { mode: "block", path: "/dev/x" } });
        if (other.join(" ") === argv.join(" ")) continue;
        // One worker per vCPU: sysbench threads, fio jobs, oslat CPUs, or the count handed to a step's shell.
        const perVcpu = ["--threads=7", "--numjobs=7", "--cpu-list=0-6"];
        expect(argv.some((a) => perVcpu.includes(a) || (argv[0] === "sh" && a === "7"))).toBe(true);
      }
      for (const def of Object.values(guide.metrics)) if (def.compare) expect(def.direction).toBeDefined();
    }
  });

  it("hold guides that each declare their real outputs, with a note of their origin", () => {
    for (const guide of guides.all()) {
      expect(guide.fixtures, guide.id).toBeDefined();
      const folder = new URL(`../fixtures/${guide.fixtures}/`, import.meta.url);
      const files = readdirSync(folder);
      expect(
        files.some((f) => f === "SOURCES.md" || f === "README.md"),
        `${guide.id}: a note of origin`,
      ).toBe(true);
      expect(files.filter((f) => !f.endsWith(".md")).length, `${guide.id}: real outputs`).toBeGreaterThan(1);
    }
  });
});
