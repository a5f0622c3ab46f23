import { describe, expect, it } from "vitest";
import type { Campaign } from "../../runners/schemas/campaign.ts";
import { pickPublished } from "../../runners/store/pick-published.ts";

/** The fields pickPublished reads; the rest of a campaign does not matter to it. */
const campaign = (id: string, startedAt: string, more: Partial<Campaign> = {}) => ({
  campaign: { id, startedAt, status: "complete", quick: false, guides: ["cpu", "memory"], ...more } as Campaign,
});

describe("pickPublished", () => {
  const older = campaign("a", "2026-12-01T00:00:00Z");
  const newer = campaign("b", "2026-12-02T00:00:00Z", { historicalGuides: { memory: "re-run in c" } });
  const views = [newer, older];

  it("publishes each guide from the latest complete campaign that ran it", () => {
    expect(pickPublished(views, "cpu")?.campaign.id).toBe("b");
  });

  it("never publishes a guide a campaign keeps as history: an earlier campaign's stands", () => {
    expect(pickPublished(views, "memory")?.campaign.id).toBe("a");
    expect(pickPublished([newer], "memory")).toBeUndefined();
  });

  it("never publishes a historical campaign, nor a partial one", () => {
    const historical = campaign("h", "2026-12-03T00:00:00Z", { historical: "method 2" });
    const partial = campaign("p", "2026-12-04T00:00:00Z", { status: "partial" });
    expect(pickPublished([...views, historical, partial], "cpu")?.campaign.id).toBe("b");
  });
});
