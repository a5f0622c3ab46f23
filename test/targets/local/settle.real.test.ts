import { mkdir, mkdtemp, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { describe, expect, it } from "vitest";
import { BUSY_PERCENT, QUIET_WINDOW_MS } from "../../../runners/core/machine-state.ts";
import { type GuideResult, GuideResultSchema } from "../../../runners/schemas/guide-result.ts";
import { parity } from "../../helpers/cli.ts";

// Real campaigns on this machine, disturbed on purpose while they run: a competing loop the busy
// share sees, and a CPU quota on the runner that only the calibration sees. Either way the run is
// kept, left out with the reason, and run again; `parity check` accepts the result.

const bin = fileURLToPath(new URL("../../../bin/parity.mjs", import.meta.url));
const CPU_CGROUP = "/sys/fs/cgroup/cpu";

/** Starts `parity run cpu` on host and runc with JSON progress; `onEvent` sees each progress event. */
function startCampaign(
  data: string,
  id: string,
  runs: number,
  warmup: number,
  onEvent: (event: Record<string, unknown>) => void,
) {
  const child = execa(
    "node",
    [bin, "run", "cpu", "--runtimes", "host,runc", "--runs", String(runs), "--warmup", String(warmup), "--json"].concat(
      ["--set", "cpu.timeSeconds=2", "--campaign", id, "--data", data],
    ),
    { reject: false, env: { NO_COLOR: "1" } },
  );
  let buffer = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith("{")) onEvent(JSON.parse(line));
    }
  });
  return child;
}

async function finished(child: ResultPromise, data: string, id: string): Promise<GuideResult> {
  const result = await child;
  expect(result.exitCode, String(result.stderr).slice(-2000)).toBe(0);
  const check = await parity(["check", "--data", data]);
  expect(check.code, check.stdout + check.stderr).toBe(0);
  return GuideResultSchema.parse(JSON.parse(await readFile(join(data, "campaigns", id, "cpu.json"), "utf8")));
}

/** The run that was left out for `reason`, and the attempt that followed it. */
function flaggedAndAgain(result: GuideResult, reason: RegExp) {
  const flagged = result.measurements.find((m) => reason.test(m.excluded ?? ""));
  expect(flagged, JSON.stringify(result.measurements.map((m) => m.excluded ?? "counted"))).toBeDefined();
  const again = result.measurements.find(
    (m) => m.runtime === flagged!.runtime && m.arm === flagged!.arm && m.run === flagged!.run && m.attempt === 2,
  );
  expect(again).toBeDefined();
  expect(again!.steps[0]!.rawLog).toMatch(/-attempt-2\.log$/);
  expect(flagged!.steps[0]!.rawLog).not.toBe(again!.steps[0]!.rawLog);
  return { flagged: flagged!, again: again! };
}

/** Every pid of a process tree, from /proc. */
async function treeOf(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.replace(/^.*\) /s, "").split(" ")[1]);
    if (ppid) parents.set(Number(name), ppid);
  }
  const tree = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (tree.includes(ppid) && !tree.includes(pid)) {
        tree.push(pid);
        grew = true;
      }
  }
  return tree;
}

/** Moves a process tree into a cgroup v1 `cpu` group (its tasks file), ignoring processes that ended. */
async function moveTree(root: number, group: string): Promise<void> {
  for (const pid of await treeOf(root)) await writeFile(join(group, "cgroup.procs"), String(pid)).catch(() => {});
}

describe("a run on a busy or slowed machine", () => {
  it("is kept, left out and run again when a competing loop starts inside it (the busy share sees it)", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-busy-run-"));
    let loop: ResultPromise | undefined;
    let watching = true;
    try {
      // No warm-up: warm-up runs are never run again, so the loop must meet a measured run.
      const child = startCampaign(data, "busy", 2, 0, () => {});
      // Once the first measured workload (sysbench for 2 s, not the calibration's) runs, a loop of
      // 3 s starts on one of its CPUs, outside the runner's process tree.
      const watch = (async () => {
        while (watching && !loop) {
          const found = await execa("pgrep", ["-f", "sysbench cpu .*--time=2"], { reject: false });
          if (found.exitCode === 0)
            loop = execa("taskset", ["-c", "0", "timeout", "3", "sh", "-c", "while :; do :; done"], { reject: false });
          else await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const result = await finished(child, data, "busy");
      watching = false;
      await watch;
      const { flagged, again } = flaggedAndAgain(result, /^busy machine: others took [\d.]+% of its CPUs/);
      expect(flagged.environment!.otherCpuPercent).toBeGreaterThan(BUSY_PERCENT);
      // The attempt after it looked for a quiet machine first, and counts (the last attempt always does).
      expect(again.environment!.quietAtStart).toBeTypeOf("boolean");
      expect(again.environment!.quietWaitMs).toBeGreaterThanOrEqual(QUIET_WINDOW_MS);
      expect(again.excluded).toBeUndefined();
    } finally {
      watching = false;
      await loop;
      await rm(data, { recursive: true, force: true });
    }
  });

  it("is kept, left out and run again when a CPU quota slows the runner (only the calibration sees it)", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-slowed-run-"));
    const group = join(CPU_CGROUP, `parity-test-throttle-${process.pid}`);
    await mkdir(group);
    await writeFile(join(group, "cpu.cfs_period_us"), "100000");
    // A tenth of one CPU: the calibration takes several times as long.
    await writeFile(join(group, "cpu.cfs_quota_us"), "10000");
    let done = 0;
    let throttled = false;
    let released = false;
    try {
      const child = startCampaign(data, "slowed", 3, 1, (event) => {
        // After four runs (two warm-ups, two measured), enough calibrations give a median: throttle.
        if (event.event === "run-done" && ++done === 4) {
          throttled = true;
          void moveTree(child.pid!, group);
        }
        // Once a run is flagged, the quota goes: the rest of the campaign runs at full speed.
        if (event.event === "log" && /slowed machine/.test(String(event.message)) && !released) {
          released = true;
          void moveTree(child.pid!, CPU_CGROUP);
        }
      });
      const result = await finished(child, data, "slowed");
      expect(throttled).toBe(true);
      const { flagged } = flaggedAndAgain(result, /^slowed machine: the calibration before it ran [\d.]+% slower/);
      // Others took nothing the busy share would flag: only the calibration saw the quota.
      expect(flagged.environment!.otherCpuPercent).toBeLessThanOrEqual(BUSY_PERCENT);
    } finally {
      await rmdir(group).catch(() => {});
      await rm(data, { recursive: true, force: true });
    }
  });
});
