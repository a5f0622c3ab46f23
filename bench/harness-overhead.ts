/**
 * Harness overhead: does running sysbench through `parity run` change what it measures?
 * For each runtime, alternates the same `sysbench cpu` run by hand with a one-run Parity
 * campaign, and prints events/s of both and their ratio (harness / by hand) per pair, then
 * the median ratio. Target: at least 0.99.
 *   - host: `taskset -c <cpus> sysbench …` by hand against `parity run --runtimes host`;
 *   - crun: `crun run --bundle B` by hand (the OCI bundle Parity uses) against `parity run --runtimes crun`;
 *   - gvisor: `runsc … run --bundle B` by hand (the same OCI bundle, the runsc Parity builds and
 *     production gvisor's flags) against `parity run --runtimes gvisor`.
 *
 *   npm run bench:harness                 # 5 pairs of 10-second runs per runtime
 *   PAIRS=3 RUNTIMES=gvisor npm run bench:harness
 */

import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { cpuGuide } from "../runners/guides/cpu/guide.ts";
import { parseCpuOutput } from "../runners/guides/cpu/parse-cpu.ts";
import { runscGlobalArgs } from "../runners/targets/local/gvisor.ts";
import { gvisorRuntimes } from "../runners/targets/local/gvisor-settings.ts";
import { allowedCpus } from "../runners/targets/local/host-facts.ts";
import { ROOTFS_DIRS, ROOTFS_LINKS, runcConfig } from "../runners/targets/local/runc-config.ts";
import { ensureRunsc } from "../runners/targets/local/runsc-binary.ts";

const pairs = Number(process.env.PAIRS ?? 5);
const runtimes = (process.env.RUNTIMES ?? "host,crun,gvisor").split(",");
const bin = fileURLToPath(new URL("../bin/parity.mjs", import.meta.url));
const threads = Number((await execa("nproc")).stdout);
const argv = cpuGuide.steps[0]!.argv({ ...cpuGuide.parameters.parse({}), threads });
const work = await mkdtemp(join(tmpdir(), "parity-bench-"));
const cpus = await allowedCpus();

/** The same sysbench as Parity runs it, by hand: a process, or a crun container or gVisor sandbox of its bundle. */
async function byHandRunner(runtime: string): Promise<() => Promise<string>> {
  if (runtime === "host") return async () => (await execa("taskset", ["-c", cpus, ...argv])).stdout;
  const rootfs = join(work, "rootfs");
  for (const dir of ROOTFS_DIRS) await mkdir(join(rootfs, dir), { recursive: true });
  for (const [link, to] of ROOTFS_LINKS) await symlink(to, join(rootfs, link)).catch(() => undefined);
  await writeFile(
    join(work, "config.json"),
    JSON.stringify(runcConfig({ rootfs, args: argv, cpus, hostname: "parity" })),
  );
  let n = 0;
  const bundle = ["run", "--bundle", work];
  if (runtime === "crun") return async () => (await execa("crun", [...bundle, `bench-by-hand-${++n}`])).stdout;
  const state = join(work, "runsc-state");
  const settings = gvisorRuntimes.find((v) => v.name === "gvisor")!.settings;
  const runsc = await ensureRunsc((line) => console.error(line));
  return async () =>
    (await execa(runsc, [...runscGlobalArgs(state, join(work, "logs"), settings), ...bundle, `bench-by-hand-${++n}`]))
      .stdout;
}

let failed = false;
for (const runtime of runtimes) {
  const byHand = await byHandRunner(runtime);
  const ratios: number[] = [];
  console.log(`\n${runtime}: pair  by hand events/s  harness events/s  harness/by hand   (${argv.join(" ")})`);
  for (let i = 1; i <= pairs; i++) {
    const direct = parseCpuOutput(await byHand()).eventsPerSecond as number;
    const id = `bench-${runtime}-${i}`;
    await execa("node", [
      bin,
      "run",
      "cpu",
      "--runtimes",
      runtime,
      "--baseline",
      runtime,
      "--runs",
      "1",
      "--no-noise-floor",
      "--campaign",
      id,
      "--data",
      work,
    ]);
    const result = JSON.parse(await readFile(join(work, "campaigns", id, "cpu.json"), "utf8"));
    const harness = result.measurements[0].metrics.eventsPerSecond as number;
    ratios.push(harness / direct);
    console.log(
      `${" ".repeat(runtime.length)}  ${String(i).padStart(4)}  ${direct.toFixed(2).padStart(15)}  ` +
        `${harness.toFixed(2).padStart(16)}  ${(harness / direct).toFixed(4).padStart(15)}`,
    );
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  failed ||= median < 0.99;
  console.log(
    `${runtime}: median harness/by-hand ratio ${median.toFixed(4)} (target ≥ 0.99) ` +
      `${median >= 0.99 ? "OK" : "BELOW TARGET"}`,
  );
}
await rm(work, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
