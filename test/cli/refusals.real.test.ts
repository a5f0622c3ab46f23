import { access, mkdtemp, readdir, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { localRuntimes } from "../../runners/targets/local/runtimes.ts";
import { parity } from "../helpers/cli.ts";
import { fixture } from "../helpers/fixtures.ts";

const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));

// Bad input gets a clear message, a non-zero exit, and writes nothing.
let data: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "parity-refuse-"));
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

async function nothingWritten() {
  const entries = await readdir(join(data, "campaigns")).catch(() => []);
  expect(entries).toEqual([]);
}

describe("parity run refuses bad input", () => {
  it.each([
    [["--runs", "0"], /runs: must be at least 1/],
    [["--runs", "-3"], /runs: must be at least 1/],
    [["--runs", "five"], /runs: expected a whole number/],
    [["--threads", "2.5"], /threads: expected a whole number/],
    [["--threshold", "abc"], /threshold: expected a percentage/],
    [["--baseline", "runc", "--runtimes", "host"], /baseline: the baseline must be one of --runtimes/],
    [["--target", "kubernetes"], /image: the Kubernetes target needs --image/],
    [["--target", "cloud"], /target: use local or kubernetes/],
  ])("%j", async (extra, message) => {
    const r = await parity(["run", "--campaign", "refused", "--data", data, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/see `parity run --help`/);
    await nothingWritten();
  });

  it("names the known guides for an unknown one", async () => {
    const r = await parity(["run", "gpu", "--campaign", "refused", "--data", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `Unknown guide "gpu". Next step: pick one of the known guides: ${guides.ids().join(", ")}.`,
    );
    await nothingWritten();
  });

  it("names the known runtimes for an unknown one", async () => {
    const r = await parity(["run", "cpu", "--runtimes", "host,kata", "--campaign", "refused", "--data", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `Unknown runtime "kata" for the local target. Next step: pick one of its runtimes: ` +
        `${localRuntimes.ids().join(", ")}.`,
    );
    await nothingWritten();
  });

  it("refuses an invalid campaign id", async () => {
    const r = await parity(["run", "--campaign", "../escape", "--data", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/campaign: use 1–63 lower-case letters/);
  });

  it("refuses more threads than vCPUs and explains the trap, before writing anything", async () => {
    const r = await parity([
      "run",
      "cpu",
      "--quick",
      "--runs",
      "1",
      "--threads",
      "64",
      "--campaign",
      "oversub",
      "--data",
      data,
    ]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/Refusing to run 64 threads on runtime "host", whose workload sees \d+ vCPU/);
    expect(r.stderr).toMatch(/--allow-oversubscribe/);
    await nothingWritten();
  });

  it("runs oversubscribed when allowed, and records it", async () => {
    const r = await parity([
      "run",
      "cpu",
      "--quick",
      "--runs",
      "1",
      "--runtimes",
      "host",
      "--threads",
      "8",
      "--allow-oversubscribe",
      "--campaign",
      "oversub-ok",
      "--data",
      data,
    ]);
    expect(r.code).toBe(0);
    const shown = await parity(["show", "oversub-ok", "--verbose", "--data", data]);
    expect(shown.stdout).toMatch(/OVERSUBSCRIBED/);
    expect(shown.stdout).toMatch(/More threads than vCPUs were run/);
    await rm(join(data, "campaigns", "oversub-ok"), { recursive: true });
  });

  it("show names the known campaigns for an unknown one", async () => {
    const r = await parity(["show", "nope", "--data", data]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/No campaign "nope" under .*; known campaigns: none\. Next step: /);
  });

  it("import says which file and what it expected", async () => {
    const missing = await parity(["import", "cpu", join(data, "missing.txt")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read .*missing\.txt/);
    const wrong = await parity([
      "import",
      "memory",
      "test/fixtures/sysbench/cpu_1.0.9_t1_system-luajit-2.0.4_test-deprecated.txt",
    ]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(
      /cpu_1\.0\.9_t1_system-luajit-2\.0\.4_test-deprecated\.txt: cannot read it as a memory output/,
    );
    expect(wrong.stdout).toBe("");
  });

  it("import prints the measurement on stdout only", async () => {
    const ok = await parity([
      "import",
      "cpu",
      "test/fixtures/sysbench/cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe("");
    expect(JSON.parse(ok.stdout)).toMatchObject({
      schemaVersion: 1,
      guide: "cpu",
      source: "cpu_1.0.19_t1_bundled-luajit_cpu-max-prime-20000.txt",
      metrics: { eventsPerSecond: 470.71, toolVersion: "1.0.19" },
    });
  });

  it("every subcommand has --help", async () => {
    for (const cmd of ["run", "import", "check", "show", "schema"]) {
      const r = await parity([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/USAGE/);
    }
  });
});

describe("a missing tool", () => {
  it("is named with the Debian package to install", async () => {
    const { requireBinary } = await import("../../runners/targets/local/tools.ts");
    await expect(requireBinary("sysbench-not-installed", "sysbench")).rejects.toThrow(
      "sysbench-not-installed is not installed (not found on PATH). Next step: install it with " +
        "`apt-get install -y sysbench`.",
    );
    await expect(access(await requireBinary("sysbench", "sysbench"))).resolves.toBeUndefined();
  });
});

describe("inputs that are not what they claim", () => {
  it("--set refuses what is not a guide parameter, constructor included", async () => {
    const r = await parity(["run", "cpu", "--set", "cpu.constructor=1", "--campaign", "refused", "--data", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /guide cpu has no parameter constructor\. Next step: set one it has: timeSeconds, maxPrime/,
    );
  });

  it("import refuses an oversized file at once, and two outputs in one", async () => {
    const big = join(data, "big.txt");
    await writeFile(big, "");
    await truncate(big, 200 * 1024 * 1024);
    const started = Date.now();
    const r = await parity(["import", "cpu", big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is 200 MiB, more than the 64 MiB a tool output can be/);
    expect(Date.now() - started).toBeLessThan(5000);
    const one = fixture("sysbench/cpu_1.0.20_t2_system-luajit_this-machine.txt");
    const twice = join(data, "twice.txt");
    await writeFile(twice, one + one);
    expect((await parity(["import", "cpu", twice])).stderr).toMatch(
      /Two sysbench outputs in one \(a second banner on line \d+\)/,
    );
    await writeFile(twice, `${one}\nsome junk the shell printed\n`);
    expect((await parity(["import", "cpu", twice])).stderr).toMatch(
      /goes on after its report \(line \d+: "some junk the shell printed"\)/,
    );
    const fio = fixture("fio/fio-3.33_randread-seqwrite_nj2_group-reporting_this-machine.json");
    await writeFile(twice, fio + fio);
    expect((await parity(["import", "io", twice])).stderr).toMatch(
      /fio's JSON is followed by \d+ more characters \(a second output\)/,
    );
  });

  it("check | head ends quietly, and schema --write refuses a kernel file system", async () => {
    const piped = await execa("sh", ["-c", `node ${bin} check | head -n 1`], { reject: false });
    expect(piped.stderr).not.toMatch(/EPIPE|unexpected error/);
    const r = await parity(["schema", "--write", "--data", "/proc/self"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot write the JSON Schemas under \/proc\/self\/schema: it is on a kernel file system/);
  });
});
