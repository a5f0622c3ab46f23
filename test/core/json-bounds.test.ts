import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { jsonTooDeepAt, MAX_JSON_DEPTH } from "../../runners/core/json-bounds.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { readJsonFile } from "../../runners/store/campaign-store.ts";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("JSON is bounded before it is parsed", () => {
  it("finds nesting deeper than the limit, and ignores brackets inside strings", () => {
    expect(jsonTooDeepAt(nested(MAX_JSON_DEPTH))).toBe(-1);
    expect(jsonTooDeepAt(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH);
    expect(jsonTooDeepAt(JSON.stringify({ a: '[[[[[[[[[[\\"{{{{{{{{{{' }), 2)).toBe(-1);
  });

  it("refuses a reader's deeply nested JSON without parsing it, in the terminal and the browser alike", () => {
    // A million levels: JSON.parse would recurse on it; the bound answers at once.
    const text = `{"guide":${nested(1_000_000)}}`;
    let error: unknown;
    try {
      readOutput(guides.get("cpu"), text, "deep.json");
    } catch (e) {
      error = e;
    }
    expect(isParityError(error, "PARSE_FAILED")).toBe(true);
    expect((error as Error).message).toMatch(/^deep\.json: its JSON nests deeper than 64 levels \(at character 72\)/);
  });

  it("refuses a results file nested deeper than any Parity writes, naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "parity-deep-"));
    await writeFile(join(dir, "campaign.json"), `{"hosts":${nested(100_000)}}`);
    const error = await readJsonFile(join(dir, "campaign.json"), CampaignSchema, "c1/campaign.json").catch((e) => e);
    await rm(dir, { recursive: true, force: true });
    expect(isParityError(error, "INVALID_DATA")).toBe(true);
    expect(error.message).toMatch(/^c1\/campaign\.json is larger than 64 MiB or nests deeper than 64 levels/);
  });
});
