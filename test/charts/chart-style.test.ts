import { describe, expect, it } from "vitest";
import { runtimeColour, runtimeScale } from "../../runners/charts/chart-style.ts";

/** WCAG relative luminance of an sRGB colour such as "#3b6fd4". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

// The backgrounds charts sit on: Starlight's light theme (white) and its dark theme (hsl(224, 10%, 10%)).
const BACKGROUNDS = { light: "#ffffff", dark: "#17181c" };
const RUNTIMES = ["host", "runc", "crun", "gvisor", "gvisor-ptrace", "gvisor-gofer", "kata", "edera", "my-runtime"];

describe("one colour per runtime", () => {
  it.each(RUNTIMES)("%s reaches 3:1 against both themes' backgrounds", (runtime) => {
    for (const [theme, bg] of Object.entries(BACKGROUNDS))
      expect(contrast(runtimeColour(runtime), bg), `${runtime} on ${theme}`).toBeGreaterThanOrEqual(3);
  });

  it("gives the runtimes Parity ships colours of their own, whatever the order a chart lists them in", () => {
    const shipped = RUNTIMES.slice(0, 8);
    expect(new Set(shipped.map(runtimeColour)).size).toBe(shipped.length);
    const a = runtimeScale(["runc", "gvisor"]);
    const b = runtimeScale(["gvisor", "crun", "runc"]);
    expect(a.range[a.domain.indexOf("gvisor")]).toBe(b.range[b.domain.indexOf("gvisor")]);
  });
});
