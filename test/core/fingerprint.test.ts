import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprint } from "../../runners/core/fingerprint.ts";
import { guideFingerprint, guides } from "../../runners/guides/index.ts";

describe("fingerprint", () => {
  it("ignores key order and changes with any value", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(fingerprint({ a: 1, b: 2 })).toBe(fingerprint({ b: 2, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    // sha256("{}") is a published constant.
    expect(fingerprint({})).toBe("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });

  it("changes when a guide's command would change, not when defaults are spelled out", () => {
    const cpu = guides.get("cpu");
    const base = guideFingerprint(cpu, {});
    expect(guideFingerprint(cpu, { timeSeconds: 10, maxPrime: 10000 })).toBe(base);
    expect(guideFingerprint(cpu, { maxPrime: 20000 })).not.toBe(base);
    expect(guideFingerprint(guides.get("memory"), {})).not.toBe(base);
  });
});
