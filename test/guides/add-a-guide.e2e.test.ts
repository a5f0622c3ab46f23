import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawLogToolOutput } from "../../runners/contracts/raw-log.ts";

// ARCHITECTURE.md's "Adding a guide", done as a newcomer would, in a copy of the repository: a folder,
// a registry entry, a page, and real outputs as fixtures. Then, with no other edit, the CLI runs it,
// `parity check` accepts its campaign, the type check passes without a cast, the site builds its page
// with its figures, and the tests that take their lists from the registry pass with it.
const repo = new URL("../../", import.meta.url).pathname;
let copy: string;

const GUIDE = `import * as z from "zod";
import { ParseError } from "../../core/errors.ts";
import { defineGuide } from "../define-guide.ts";

/** A guide that prints a number which varies from run to run: the smallest guide there is. */
export const echoGuide = defineGuide({
  id: "echo",
  version: 1,
  title: "Echo a number",
  summary: "Prints a number that varies from run to run.",
  fixtures: "echo",
  tools: [{ binary: "sh", debianPackage: "dash", versionArgv: ["sh", "-c", "echo dash 0.5"] }],
  parameters: z.object({ prefix: z.number().int().default(1).describe("The number's first digit, e.g. \`1\`.") }),
  quick: {},
  estimateSeconds: () => 0.1,
  steps: [
    {
      id: "echo",
      title: "Print the number",
      argv: (p) => ["sh", "-c", 'echo "value: $1$(date +%N)"', "echo", String(p.prefix)],
      parse: (output) => {
        const m = /^value: (\\d+)$/m.exec(output);
        if (!m) throw new ParseError('the output has no "value:" line');
        return { value: Number(m[1]) };
      },
    },
  ],
  metrics: {
    value: {
      label: "Value",
      unit: "units",
      direction: "higher",
      compare: true,
      primary: true,
      description: "The number printed.",
    },
  },
});
`;

const PAGE = `---
title: Echo a number
description: The smallest guide there is, added by a test.
---
import CompareRun from "../../../src/components/CompareRun.astro";
import GuideResults from "../../../src/components/GuideResults.astro";
import GuideStatus from "../../../src/components/GuideStatus.astro";
import GuideSteps from "../../../src/components/GuideSteps.astro";
import KubernetesManifests from "../../../src/components/KubernetesManifests.astro";

<GuideStatus guide="echo" />

## Steps

<GuideSteps guide="echo" />

### On Kubernetes

<KubernetesManifests guide="echo" />

## Results

<GuideResults guide="echo" />

## Compare your run

<CompareRun guide="echo" />
`;

/** Runs a command in the copy; its output is kept in the failure message. */
async function inCopy(command: string, args: string[], env: Record<string, string> = {}) {
  const r = await execa(command, args, { cwd: copy, reject: false, all: true, env: { NO_COLOR: "1", ...env } });
  return { code: r.exitCode ?? -1, all: String(r.all) };
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "parity-add-a-guide-"));
  // The repository's files as they are in the work tree (data/ aside: the copy publishes its own campaign).
  const tracked = String((await execa("git", ["ls-files", "-z"], { cwd: repo })).stdout).split("\0");
  for (const file of tracked.filter((f) => f !== "" && !f.startsWith("data/"))) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await cp(join(repo, file), join(copy, file)).catch(() => undefined); // a file deleted in the work tree
  }
  // Hard links, not a symbolic link: Astro compiles only files under the project's own folder. Vite's cache is
  // left out so that the copy writes its own, never through a link into the repository's.
  await execa("cp", ["-al", join(repo, "node_modules"), join(copy, "node_modules")]);
  await rm(join(copy, "node_modules", ".vite"), { recursive: true, force: true });
  // 1. The folder. 2. The registry entry. 3. The page.
  await mkdir(join(copy, "runners/guides/echo"), { recursive: true });
  await writeFile(join(copy, "runners/guides/echo/guide.ts"), GUIDE);
  const index = join(copy, "runners/guides/index.ts");
  const registry = (await readFile(index, "utf8"))
    .replace(
      'import { cpuGuide } from "./cpu/guide.ts";',
      'import { cpuGuide } from "./cpu/guide.ts";\nimport { echoGuide } from "./echo/guide.ts";',
    )
    .replace("  networkGuide,\n]", "  networkGuide,\n  echoGuide,\n]");
  expect(registry).toContain("echoGuide,\n]");
  await writeFile(index, registry);
  await writeFile(join(copy, "content/docs/guides/echo.mdx"), PAGE);
}, 300_000);
afterAll(() => rm(copy, { recursive: true, force: true }));

describe("adding a guide as ARCHITECTURE.md says", () => {
  it("runs, checks, type-checks, publishes its page and passes the registry's tests", async () => {
    const data = join(copy, "data");
    const run = await inCopy("node", [
      "bin/parity.mjs",
      ...["run", "echo", "--quick", "--runs", "2", "--runtimes", "host,runc", "--no-until-conclusive"],
      ...["--campaign", "try-echo", "--data", data],
    ]);
    expect(run.code, run.all).toBe(0);
    expect((await inCopy("node", ["bin/parity.mjs", "check", "--data", data])).code).toBe(0);

    // 4. Real outputs as fixtures, with a note of their origin: the guide's own runs.
    const fixtures = join(copy, "test/fixtures/echo");
    await mkdir(fixtures, { recursive: true });
    const raw = join(data, "campaigns/try-echo/raw/echo");
    const logs = (await readdir(raw)).filter((f) => /^(host|runc)-\d+\.log$/.test(f));
    for (const log of logs)
      await writeFile(
        join(fixtures, log.replace(".log", ".txt")),
        rawLogToolOutput(await readFile(join(raw, log), "utf8")),
      );
    await writeFile(join(fixtures, "SOURCES.md"), "Outputs of the echo guide's runs on this machine, by the test.\n");

    const types = await inCopy("npx", ["tsc", "--noEmit"]);
    expect(types.code, types.all).toBe(0);
    const tests = await inCopy("npx", [
      "vitest",
      "run",
      ...["test/guides/registry.test.ts", "test/guides/workload-packages.test.ts", "test/cli/options.test.ts"],
    ]);
    expect(tests.code, tests.all).toBe(0);

    const build = await inCopy("npx", ["astro", "build"], { PARITY_DATA: data });
    expect(build.code, build.all).toBe(0);
    const page = await readFile(join(copy, "dist/guides/echo/index.html"), "utf8");
    // The page shows the guide's figures from its campaign, in its unit, with the runtimes compared.
    expect(page).toContain("try-echo");
    expect(page).toMatch(/units/);
    expect(page).toMatch(/host vs runc|runc vs host/);
  }, 900_000);
});
