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
        'Unknown guide "gpu". Next step: pick one of the known guides: cpu, memory, io, startup, jitter, noise.',
      );
    }
  });

  it("hold guides whose every step renders an argv, with the thread count where threads apply", () => {
    for (const guide of guides.all().filter((g) => g.id !== "startup")) {
      const params = guide.parameters.parse({}) as Record<string, unknown>;
      for (const step of guide.steps) {
        const argv = step.argv({ ...params, threads: 7, storage: { mode: "block", path: "/dev/x" } });
        expect(argv.length).toBeGreaterThan(1);
        // One worker per vCPU: sysbench threads, fio jobs, oslat CPUs.
        expect(argv.some((a) => a === "--threads=7" || a === "--numjobs=7" || a === "--cpu-list=0-6")).toBe(true);
      }
      for (const def of Object.values(guide.metrics)) if (def.compare) expect(def.direction).toBeDefined();
    }
  });
});
