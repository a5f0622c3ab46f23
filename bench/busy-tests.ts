/**
 * Do the tests hold on a busy machine? Runs the test suite beside two CPU-bound processes
 * (`stress-ng --cpu 2`, the load of a shared 2-vCPU machine) for its whole length, and prints
 * whether it passed, its wall time, and the load's CPU time beside it. A test that fails here
 * and passes on a quiet machine depends on the machine being idle (issue 38): waits come from
 * test/helpers/limits.ts and catch only a hang.
 *
 *   apt-get install -y stress-ng
 *   npx tsx bench/busy-tests.ts            # the fast tier (npm run test:unit)
 *   TIER=full npx tsx bench/busy-tests.ts  # npm test, the whole suite
 */
import { execa } from "execa";

const tier = process.env.TIER === "full" ? "test" : "test:unit";
const load = execa("stress-ng", ["--cpu", "2", "--metrics-brief", "--timeout", "0"], { reject: false, all: true });
// Let the load take the CPUs before the tests start.
await new Promise((r) => setTimeout(r, 2000));
const started = performance.now();
// No colours: the summary lines are read back as plain text.
const tests = await execa("npm", ["run", tier], { reject: false, all: true, env: { FORCE_COLOR: "0", NO_COLOR: "1" } });
const seconds = (performance.now() - started) / 1000;
load.kill("SIGINT");
const stressed = await load;
const summary = String(tests.all ?? "")
  .split("\n")
  .filter((l) => /Test Files|Tests {2}/.test(l))
  .map((l) => l.trim());
console.log(`npm run ${tier} beside stress-ng --cpu 2: exit ${tests.exitCode} after ${seconds.toFixed(0)} s`);
for (const line of summary) console.log(`  ${line}`);
const bogo = String(stressed.all ?? "").match(/cpu\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/);
if (bogo) console.log(`  the load ran ${bogo[2]} s of wall time, ${bogo[3]} s user CPU beside the tests`);
process.exitCode = tests.exitCode === 0 ? 0 : 1;
