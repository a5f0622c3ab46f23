import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { realtimeBudget } from "../../../runners/targets/local/realtime-budget.ts";
import { runcConfig } from "../../../runners/targets/local/runc-config.ts";

describe("real-time budget of the runc container", () => {
  it("gives half the root's budget, none without RT group scheduling or without a budget", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-rt-"));
    await writeFile(join(dir, "cpu.rt_runtime_us"), "950000\n");
    expect(await realtimeBudget(dir)).toEqual({ rtRuntimeUs: 475000 });
    await writeFile(join(dir, "cpu.rt_runtime_us"), "-1\n");
    expect(await realtimeBudget(dir)).toEqual({ rtRuntimeUs: 475000 });
    await writeFile(join(dir, "cpu.rt_runtime_us"), "0\n");
    expect(await realtimeBudget(dir)).toEqual({});
    expect(await realtimeBudget(join(dir, "no-such-controller"))).toEqual({});
    await rm(dir, { recursive: true, force: true });
  });

  it("puts a budgeted container's cgroup directly under the root, with CAP_SYS_NICE and nothing else", () => {
    const config = runcConfig({
      rootfs: "/r",
      args: ["true"],
      cpus: "0",
      hostname: "h",
      containerId: "parity-x-1",
      realtime: { rtRuntimeUs: 475000 },
    }) as any;
    expect(config.linux.cgroupsPath).toBe("/parity-x-1");
    expect(config.linux.resources.cpu).toMatchObject({ realtimeRuntime: 475000, realtimePeriod: 1_000_000 });
    expect(config.process.capabilities.ambient).toEqual(["CAP_SYS_NICE"]);
    const plain = runcConfig({
      rootfs: "/r",
      args: ["true"],
      cpus: "0",
      hostname: "h",
      containerId: "parity-x-2",
    }) as any;
    expect(plain.linux.cgroupsPath).toBeUndefined();
    expect(plain.process.capabilities.bounding).toEqual([]);
  });
});
