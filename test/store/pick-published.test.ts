import { describe, expect, it } from "vitest";
import type { Campaign } from "../../runners/schemas/campaign.ts";
import { pickPublished, publishedRecord } from "../../runners/store/pick-published.ts";

/** The fields pickPublished reads; the rest of a campaign does not matter to it. */
const campaign = (id: string, startedAt: string, more: Partial<Campaign> = {}) => ({
  campaign: { id, startedAt, status: "complete", quick: false, guides: ["cpu", "memory"], ...more } as Campaign,
});

describe("pickPublished", () => {
  const older = campaign("a", "2026-12-01T00:00:00Z", { release: "v1" });
  const newer = campaign("b", "2026-12-02T00:00:00Z", { release: "v1", historicalGuides: { memory: "re-run in c" } });
  const views = [newer, older];

  it("publishes each guide from the latest complete campaign of the record that ran it", () => {
    expect(pickPublished(views, "cpu")?.campaign.id).toBe("b");
  });

  it("never publishes a guide a campaign keeps as history: an earlier campaign of the same release stands", () => {
    expect(pickPublished(views, "memory")?.campaign.id).toBe("a");
    expect(pickPublished([newer], "memory")).toBeUndefined();
  });

  it("publishes one record: the newest release, or a newer unlabelled run alone, never a mix", () => {
    const next = campaign("c", "2026-12-03T00:00:00Z", { release: "v2", guides: ["cpu"] });
    expect(publishedRecord([...views, next]).map((v) => v.campaign.id)).toEqual(["c"]);
    // v2 ran no memory guide: v1's memory is not published beside it.
    expect(pickPublished([...views, next], "memory")).toBeUndefined();
    const mine = campaign("mine", "2026-12-04T00:00:00Z");
    expect(publishedRecord([...views, next, mine]).map((v) => v.campaign.id)).toEqual(["mine"]);
    // A campaign of the newest release that started before the others is still in its record.
    const late = campaign("d", "2026-12-05T00:00:00Z", { release: "v1" });
    expect(
      publishedRecord([...views, next, late])
        .map((v) => v.campaign.id)
        .sort(),
    ).toEqual(["a", "b", "d"]);
  });

  it("never publishes a historical campaign, nor a partial one", () => {
    const historical = campaign("h", "2026-12-03T00:00:00Z", { historical: "method 2" });
    const partial = campaign("p", "2026-12-04T00:00:00Z", { status: "partial" });
    expect(pickPublished([...views, historical, partial], "cpu")?.campaign.id).toBe("b");
  });
});
