import { describe, expect, it } from "vitest";
import { createProgress } from "../../runners/run/progress.ts";

describe("progress", () => {
  it("prints plain lines with the run count and the time left", () => {
    const out: string[] = [];
    const p = createProgress({ estimates: [10, 10, 10], mode: "plain", write: (t) => out.push(t) });
    p.start("cpu · host · run 1/3");
    p.done(20); // twice as slow as planned
    p.start("cpu · runc · run 1/3");
    expect(out[0]).toBe("[1/3] cpu · host · run 1/3 · about 30s left\n");
    // 20 s of plan left, at the observed pace of 2×: 40 s.
    expect(out[1]).toBe("[2/3] cpu · runc · run 1/3 · about 40s left\n");
  });

  it("counts runs added after the start (an adaptive round) in the total and the time left", () => {
    const out: string[] = [];
    const p = createProgress({ estimates: [10, 10], mode: "plain", write: (t) => out.push(t) });
    p.start("cpu · runc · run 1/1");
    p.done(10);
    p.add([10, 10]); // cpu's round 2, before the next guide's run
    p.start("cpu · runc · run 2/2");
    p.done(10);
    p.start("cpu · gvisor · run 2/2");
    p.done(10);
    p.start("memory · runc · run 1/1");
    expect(out.at(-1)).toBe("[4/4] memory · runc · run 1/1 · about 10s left\n");
    expect(out[1]).toBe("[2/4] cpu · runc · run 2/2 · about 30s left\n");
  });

  it("prints JSON lines for machines", () => {
    const out: string[] = [];
    const p = createProgress({ estimates: [5], mode: "json", write: (t) => out.push(t) });
    p.start("memory · host · run 1/1");
    p.done(5);
    expect(out.map((l) => JSON.parse(l).event)).toEqual(["run-start", "run-done"]);
    expect(JSON.parse(out[0]!)).toMatchObject({ index: 1, total: 1, etaSeconds: 5 });
  });

  it("rewrites one line on a terminal", () => {
    const out: string[] = [];
    const p = createProgress({ estimates: [90], mode: "tty", write: (t) => out.push(t) });
    p.start("x");
    expect(out[0]).toBe("\r\x1b[2K[1/1] x · about 1m30s left");
  });
});
