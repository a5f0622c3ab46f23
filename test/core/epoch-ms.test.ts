import { afterEach, describe, expect, it, vi } from "vitest";
import { epochMs } from "../../runners/core/epoch-ms.ts";

describe("epochMs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads the wall clock with the monotonic clock's resolution", () => {
    const a = epochMs();
    const b = epochMs();
    expect(Math.abs(a - Date.now())).toBeLessThan(2);
    expect(b).toBeGreaterThanOrEqual(a);
  });

  it("follows the wall clock when it is stepped, as a virtual machine's clock is", () => {
    epochMs();
    const real = Date.now.bind(Date);
    // The wall clock jumps 13 s ahead of the monotonic clock, as one campaign saw after an hour.
    vi.spyOn(Date, "now").mockImplementation(() => real() + 13_000);
    expect(Math.abs(epochMs() - (real() + 13_000))).toBeLessThan(2);
  });
});
