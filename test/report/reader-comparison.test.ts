import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../runners/core/errors.ts";
import { withDerivedMetrics } from "../../runners/guides/derived-metrics.ts";
import { guides } from "../../runners/guides/index.ts";
import { readOutput } from "../../runners/guides/read-output.ts";
import { readerBasis } from "../../runners/report/reader-basis.ts";
import { compareWithBasis } from "../../runners/report/reader-comparison.ts";
import { publishedSide } from "../../runners/stats/reader-compare.ts";
import { verdictSettings } from "../../runners/stats/sequential-plan.ts";
import { summarizeGuide } from "../../runners/stats/summarize.ts";
import { CampaignStore } from "../../runners/store/campaign-store.ts";
import { isPublished, publishedCampaign } from "../helpers/site-build.ts";

// `parity compare` and the site's panel call compareWithBasis on the same basis: here it is fed the
// published record's own raw logs, which must be read, matched to the path they ran on and compared.
const store = new CampaignStore(join(new URL("../../", import.meta.url).pathname, "data", "campaigns"));
const side = (published: { values: number[] }, k: number) => publishedSide(published.values, k);

async function basisOf(guideId: string) {
  const guide = guides.get(guideId);
  const campaign = await publishedCampaign(guideId);
  const result = withDerivedMetrics(guide, await store.readGuide(campaign.id, guideId));
  const summaries = summarizeGuide(guide.metrics, result, verdictSettings(campaign, guideId));
  return { guide, campaign, result, basis: readerBasis(guide, campaign, result, summaries)! };
}

describe("a reader's run compared with the published runs", () => {
  it.each(guides.ids())("%s: each runtime's published raw log is read, on its own path, as its own", async (id) => {
    if (!(await isPublished(id))) return;
    const { guide, campaign, result, basis } = await basisOf(id);
    let compared = 0;
    for (const [path, runtimes] of Object.entries(basis.paths))
      for (const [runtime, published] of Object.entries(runtimes)) {
        if (published.values.length < 2) continue;
        const m = result.measurements.find(
          (x) => x.runtime === runtime && x.arm === "main" && (x.variant ?? "") === path && !x.excluded,
        )!;
        const text = await store.readFile(campaign.id, m.steps[0]!.rawLog);
        // A pod's startup figures come from its lifecycle log beside the raw log: the raw log alone says so.
        if (id === "startup" && campaign.target.kind === "kubernetes") {
          expect(() => readOutput(guide, text, "raw log")).toThrow(/timing marks/);
          continue;
        }
        const reading = readOutput(guide, text, "raw log");
        expect(reading.storage ?? "", `${runtime} ${path}`).toBe(path);
        const outcome = compareWithBasis(basis, [reading], runtime, side);
        expect(outcome.path).toBe(path);
        // One of the published runs compared with all of them: never another workload, never out of reach.
        expect(outcome.mine[0]).toBeCloseTo(m.metrics[basis.metric] as number, 6);
        expect(outcome.comparison.verdict).not.toBe("not comparable");
        compared++;
      }
    expect(compared).toBeGreaterThan(0);
  });

  it("reads a lone metric line as that metric alone", async () => {
    const { guide, basis } = await basisOf(guides.ids()[0]!);
    const value = Object.values(basis.paths)[0]![basis.baseline]!.values[0]!;
    const reading = readOutput(guide, `${basis.metric}: ${value}\n`, "a note");
    expect(reading.metrics).toEqual({ [basis.metric]: value });
    expect(compareWithBasis(basis, [reading], basis.baseline, side).comparison.verdict).toBe("equivalent");
    const label = readOutput(guide, `${basis.label} = ${value}`, "a note");
    expect(label.metrics[basis.metric]).toBe(value);
  });

  it("refuses outputs of two paths in one comparison, and a path the campaign did not measure", async () => {
    if (!(await isPublished("io"))) return;
    const { basis } = await basisOf("io");
    const reading = (storage: "block" | "filesystem") => ({
      schemaVersion: 1 as const,
      guide: "io",
      guideVersion: 1,
      source: storage,
      storage,
      metrics: { [basis.metric]: 1000 },
    });
    const error = (() => {
      try {
        compareWithBasis(basis, [reading("block"), reading("filesystem")], basis.baseline, side);
      } catch (e) {
        return e;
      }
    })();
    expect(isParityError(error, "INVALID_INPUT")).toBe(true);
    expect(String(error)).toMatch(/different storage paths/);
    expect(() => compareWithBasis(basis, [reading("block")], basis.baseline, side, "tmpfs")).toThrow(/tmpfs path/);
  });
});
