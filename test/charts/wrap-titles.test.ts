import { describe, expect, it } from "vitest";
import { TITLE_LINE_CHARACTERS, wrapText, wrapTitles } from "../../runners/charts/chart-style.ts";

describe("chart titles wrap instead of being cut short", () => {
  it("breaks at spaces into lines that fit, keeping every word in order", () => {
    const text = "Fraction of wake-ups later than this, all runs pooled per runtime";
    const lines = wrapText(text);
    expect(lines.join(" ")).toBe(text);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(TITLE_LINE_CHARACTERS);
    expect(wrapText("short")).toEqual(["short"]);
  });

  it("wraps chart, axis and legend titles anywhere in a spec, and leaves data alone", () => {
    const long = "Creation → Ready per pod, with each sample's resolution";
    const spec = {
      title: long,
      data: { values: [{ title: long }] },
      layer: [{ encoding: { x: { title: long }, color: { title: "Runtime" } } }],
    };
    const wrapped = wrapTitles(spec);
    expect(wrapped.title).toEqual(wrapText(long));
    expect(wrapped.layer[0]!.encoding.x.title).toEqual(wrapText(long));
    expect(wrapped.layer[0]!.encoding.color.title).toBe("Runtime");
    expect(wrapped.data.values[0]!.title).toBe(long);
  });
});
