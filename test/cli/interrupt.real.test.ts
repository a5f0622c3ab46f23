import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { until } from "../helpers/limits.ts";

const bin = fileURLToPath(new URL("../../bin/parity.mjs", import.meta.url));

describe("Ctrl-C during parity run", () => {
  it("stops the benchmark, removes the container, keeps the campaign as partial and exits 130", async () => {
    const data = await mkdtemp(join(tmpdir(), "parity-sigint-"));
    const child = execa(
      "node",
      [
        bin,
        "run",
        "cpu",
        "--runtimes",
        "runc",
        "--baseline",
        "runc",
        "--runs",
        "1",
        "--campaign",
        "sig",
        "--data",
        data,
      ],
      { reject: false },
    );
    // Wait until sysbench runs inside its runc container.
    await until(
      async () =>
        (await execa("runc", ["list", "--quiet"])).stdout.split("\n").some((id) => id.startsWith("parity-sig-")),
      "the run's runc container",
    );
    await until(
      async () => (await execa("pgrep", ["-f", "^sysbench cpu"], { reject: false })).exitCode === 0,
      "sysbench inside it",
    );
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(String(result.stderr)).toMatch(/SIGINT: stopping the current run/);
    expect(String(result.stderr)).toContain(
      'Campaign "sig" was interrupted; it is kept as partial, with every run that finished. Next step: complete it ' +
        "with `parity run --resume --campaign sig`.\nNo container was left behind.",
    );
    const campaign = JSON.parse(await readFile(join(data, "campaigns", "sig", "campaign.json"), "utf8"));
    expect(campaign).toMatchObject({ status: "partial", interruption: "interrupted (Ctrl-C or SIGTERM)" });
    expect(
      (await execa("runc", ["list", "--quiet"])).stdout.split("\n").filter((id) => id.startsWith("parity-sig-")),
    ).toEqual([]);
    expect((await execa("pgrep", ["-f", "^sysbench cpu"], { reject: false })).exitCode).toBe(1);
    // What the message promises holds: --resume completes the campaign.
    const resumed = await execa("node", [bin, "run", "--resume", "--campaign", "sig", "--data", data], {
      reject: false,
    });
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
    const done = JSON.parse(await readFile(join(data, "campaigns", "sig", "campaign.json"), "utf8"));
    expect(done.status).toBe("complete");
    await rm(data, { recursive: true, force: true });
  });
});
