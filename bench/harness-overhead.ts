/**
 * Harness overhead: does running sysbench through `parity run --target local --runtimes host`
 * change what it measures? Alternates a direct `sysbench cpu` with a one-run Parity campaign
 * (same arguments), and prints events/s of both and their ratio (harness / direct) per pair,
 * then the median ratio. Target: at least 0.99.
 *
 *   npm run bench:harness            # 5 pairs of 10-second runs
 *   PAIRS=3 npm run bench:harness
 */
import { execa } from "execa";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCpuOutput } from "../runners/guides/cpu/parse-cpu.ts";
import { cpuGuide } from "../runners/guides/cpu/guide.ts";

const pairs = Number(process.env.PAIRS ?? 5);
const bin = fileURLToPath(new URL("../bin/parity.mjs", import.meta.url));
const threads = Number((await execa("nproc")).stdout);
const argv = cpuGuide.steps[0]!.argv({ ...cpuGuide.parameters.parse({}), threads });
const data = await mkdtemp(join(tmpdir(), "parity-bench-"));

const ratios: number[] = [];
console.log(`pair  direct events/s  harness events/s  harness/direct   (${argv.join(" ")})`);
for (let i = 1; i <= pairs; i++) {
  const direct = parseCpuOutput((await execa(argv[0]!, argv.slice(1))).stdout).eventsPerSecond as number;
  const id = `bench-${i}`;
  await execa("node", [bin, "run", "cpu", "--runtimes", "host", "--baseline", "host", "--runs", "1", "--no-noise-floor", "--campaign", id, "--data", data]);
  const result = JSON.parse(await readFile(join(data, "campaigns", id, "cpu.json"), "utf8"));
  const harness = result.measurements[0].metrics.eventsPerSecond as number;
  ratios.push(harness / direct);
  console.log(`${String(i).padStart(4)}  ${direct.toFixed(2).padStart(15)}  ${harness.toFixed(2).padStart(16)}  ${(harness / direct).toFixed(4).padStart(14)}`);
}
await rm(data, { recursive: true, force: true });
const sorted = [...ratios].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(`median harness/direct ratio: ${median.toFixed(4)} (target ≥ 0.99) ${median >= 0.99 ? "OK" : "BELOW TARGET"}`);
