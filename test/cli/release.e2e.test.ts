import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parity } from "../helpers/cli.ts";
import { until } from "../helpers/limits.ts";
import { buildSite } from "../helpers/site-build.ts";

const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));

// Releases made for real on the local target: two guides in quick mode, runc against the host.
const CONFIG = `budgetMinutes: 20
maxRuns: 5
quick: true
targets:
  - name: local
    target: local
    runtimes: [host, runc]
    guides: [cpu, startup]
`;

let work: string;
let data: string;
let config: string;
// --allow-busy: a release refuses a busy machine (the last test), and the test machine may be shared.
const release = (label: string, ...more: string[]) =>
  parity(["release", label, "--config", config, "--data", data, "--no-build", "--allow-busy", ...more]);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "parity-release-"));
  data = join(work, "data");
  config = join(work, "release.yaml");
  await writeFile(config, CONFIG);
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("parity release", () => {
  it("makes a release in one command, then a second, and says what changed on the CLI and on a page", async () => {
    const first = await release("r1");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Release r1 is the first/);
    const second = await release("r2");
    expect(second.code, second.stderr).toBe(0);
    // The release's own summary is the diff against the one before.
    expect(second.stdout).toMatch(/^Release r2 against r1$/m);
    for (const id of ["r1-local", "r2-local"]) {
      const campaign = JSON.parse(await readFile(join(data, "campaigns", id, "campaign.json"), "utf8"));
      expect(campaign).toMatchObject({ release: id.slice(0, 2), status: "complete", maxRuns: 5 });
    }
    expect((await parity(["check", "--data", data])).code).toBe(0);

    const diff = await parity(["release", "diff", "r1", "r2", "--data", data, "--json"]);
    expect(diff.code, diff.stderr).toBe(0);
    const json = JSON.parse(diff.stdout);
    expect(json).toMatchObject({ before: "r1", after: "r2" });
    // Same method, same commands, same machine: every primary cell is compared, with its interval.
    const places = json.cells.map((c: { guide: string; runtime: string }) => `${c.guide}/${c.runtime}`).sort();
    expect(places).toEqual(["cpu/host", "cpu/runc", "startup/host", "startup/runc"]);
    for (const cell of json.cells) {
      expect(cell.notComparable).toBeUndefined();
      expect(cell.change.tostIntervalPercent.low).toBeLessThanOrEqual(cell.change.deltaPercent);
      expect(cell.change.tostIntervalPercent.high).toBeGreaterThanOrEqual(cell.change.deltaPercent);
    }
    const text = await parity(["release", "diff", "r1", "r2", "--data", data]);
    expect(text.stdout).toMatch(/local · CPU throughput \(sysbench cpu\) · Events per second\s+runc\s+[+−][\d.]+%/);

    const site = await buildSite(data);
    try {
      expect(site.code, site.log).toBe(0);
      const page = await readFile(join(site.out, "releases", "r2", "index.html"), "utf8");
      expect(page).toContain('data-diff="r1..r2"');
      expect(page).toMatch(/data-cell="local\/cpu\/runc"/);
      expect(await readFile(join(site.out, "releases", "r1", "index.html"), "utf8")).toContain('data-diff="none"');
      const home = await readFile(join(site.out, "index.html"), "utf8");
      expect(home).toMatch(/data-section="latest-release"[\s\S]*?href="\/releases\/r2\/"/);
    } finally {
      await site.remove();
    }
  });

  it("refuses a label it already used, and a diff of a release that does not exist", async () => {
    const again = await release("r1");
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/Release r1 already has campaign r1-local\. Next step: complete the release with/);
    const missing = await parity(["release", "diff", "r1", "nope", "--data", data]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/No complete campaign is recorded with release label "nope"/);
  });

  it("stops on Ctrl-C with its campaign partial, and --resume completes the release", async () => {
    const args = ["release", "r3", "--config", config, "--data", data, "--no-build", "--allow-busy"];
    const child = execa("node", [bin, ...args], { reject: false });
    // Interrupted once the campaign is written and a runc container of one of its runs exists.
    const written = () =>
      readFile(join(data, "campaigns", "r3-local", "campaign.json")).then(
        () => true,
        () => false,
      );
    await until(async () => {
      const ids = (await execa("runc", ["list", "--quiet"], { reject: false })).stdout.split("\n");
      return (await written()) && ids.some((id) => id.startsWith("parity-r3-local-"));
    }, "the release's first container");
    child.kill("SIGINT");
    const stopped = await child;
    expect(stopped.exitCode).toBe(130);
    expect(String(stopped.stderr)).toMatch(
      /Release r3 was interrupted .*Next step: complete it with `parity release r3 --resume`/,
    );
    const partial = JSON.parse(await readFile(join(data, "campaigns", "r3-local", "campaign.json"), "utf8"));
    expect(partial.status).toBe("partial");
    const resumed = await release("r3", "--resume");
    expect(resumed.code, resumed.stderr).toBe(0);
    const done = JSON.parse(await readFile(join(data, "campaigns", "r3-local", "campaign.json"), "utf8"));
    expect(done.status).toBe("complete");
    expect((await parity(["check", "r3-local", "--data", data])).code).toBe(0);
  });

  it("refuses to start on a busy machine, and leaves nothing", async () => {
    const burner = execa("sh", ["-c", "while :; do :; done"], { reject: false });
    try {
      const busy = await parity(["release", "r4", "--config", config, "--data", data, "--no-build"]);
      // Refused as "MACHINE_BUSY": exit code 5, a machine unfit to measure.
      expect(busy.code).toBe(5);
      expect(busy.stderr).toMatch(/This machine is busy: other processes took [\d.]+%/);
      expect(busy.stderr).toMatch(/--allow-busy/);
      expect((await parity(["show", "r4-local", "--data", data])).code).toBe(3);
    } finally {
      burner.kill("SIGKILL");
      await burner;
    }
  });
});
