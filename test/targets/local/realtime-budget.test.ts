import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cpuCgroupPath, realtimeBudget } from "../../../runners/targets/local/realtime-budget.ts";

describe("real-time budget of the runc container", () => {
  it("finds the runner's cpu cgroup in /proc/self/cgroup, v1 lines combined or alone", () => {
    expect(cpuCgroupPath("9:name=systemd:/\n1:cpu:/\n0::/\n")).toBe("/");
    expect(cpuCgroupPath("3:cpu,cpuacct:/user.slice/session-2.scope\n0::/user.slice\n")).toBe("/user.slice/session-2.scope");
    expect(cpuCgroupPath("0::/user.slice/user-0.slice\n")).toBeUndefined();
  });

  it("gives half the runner's own budget, none where there is no RT group scheduling or no budget", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-rt-"));
    await mkdir(join(dir, "cpu", "runner"), { recursive: true });
    await writeFile(join(dir, "cpu", "cpu.rt_runtime_us"), "950000\n");
    await writeFile(join(dir, "cpu", "runner", "cpu.rt_runtime_us"), "200000\n");
    await writeFile(join(dir, "self-root"), "1:cpu:/\n");
    await writeFile(join(dir, "self-runner"), "1:cpu:/runner\n");
    await writeFile(join(dir, "self-v2"), "0::/\n");
    expect(await realtimeBudget(join(dir, "cpu"), join(dir, "self-root"))).toEqual({ rtRuntimeUs: 475000 });
    expect(await realtimeBudget(join(dir, "cpu"), join(dir, "self-runner"))).toEqual({ rtRuntimeUs: 100000 });
    expect(await realtimeBudget(join(dir, "nowhere"), join(dir, "self-v2"))).toEqual({});
    await writeFile(join(dir, "cpu", "runner", "cpu.rt_runtime_us"), "0\n");
    expect(await realtimeBudget(join(dir, "cpu"), join(dir, "self-runner"))).toEqual({});
    await rm(dir, { recursive: true, force: true });
  });
});
