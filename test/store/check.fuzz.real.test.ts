import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { checkCampaign } from "../../runners/store/check.ts";
import { parity } from "../helpers/cli.ts";

// Data files damaged at random: `check` names problems, it never crashes, and never hangs.
let pristine: string;
beforeAll(async () => {
  pristine = await mkdtemp(join(tmpdir(), "parity-check-fuzz-"));
  const r = await parity([
    "run",
    "cpu",
    "--quick",
    "--runs",
    "2",
    "--runtimes",
    "host",
    "--campaign",
    "f1",
    "--data",
    pristine,
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => rm(pristine, { recursive: true, force: true }));

/** A JSON value changed at one random place: a key dropped or added, a value replaced by another type. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== "object") return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  if (entries.length === 0) return replacement;
  const [key, child] = entries[path[0]! % entries.length]!;
  const next = mutate(child, path.slice(1), replacement);
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === key ? next : v));
  return { ...(value as object), [key]: next };
}

describe("parity check on randomly damaged files", () => {
  it("reports problems and never throws anything but its findings", async () => {
    const copy = await mkdtemp(join(tmpdir(), "parity-check-fuzz-copy-"));
    await cp(pristine, copy, { recursive: true });
    const dir = join(copy, "campaigns", "f1");
    const originals = {
      campaign: await readFile(join(dir, "campaign.json"), "utf8"),
      cpu: await readFile(join(dir, "cpu.json"), "utf8"),
    };
    const store = new CampaignStore(join(copy, "campaigns"));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("campaign", "cpu" as const),
        fc.array(fc.nat(20), { maxLength: 6 }),
        fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.double(),
          fc.string({ maxLength: 20 }),
          fc.constant("../../../etc/passwd"),
          fc.array(fc.integer(), { maxLength: 3 }),
          fc.constant({}),
        ),
        async (file, path, replacement) => {
          await writeFile(join(dir, "campaign.json"), originals.campaign);
          await writeFile(join(dir, "cpu.json"), originals.cpu);
          await writeFile(
            join(dir, `${file}.json`),
            JSON.stringify(mutate(JSON.parse(originals[file]), path, replacement)),
          );
          const started = performance.now();
          const entry = await checkCampaign(store, "f1");
          expect(Array.isArray(entry.problems)).toBe(true);
          expect(performance.now() - started).toBeLessThan(5000);
        },
      ),
      { numRuns: 40, seed: 20261130 },
    );
    await rm(copy, { recursive: true, force: true });
  });
});
