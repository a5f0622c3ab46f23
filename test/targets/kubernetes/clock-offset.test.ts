import { describe, expect, it } from "vitest";
import {
  type DateSample,
  measureClockOffset,
  offsetFromTicks,
} from "../../../runners/targets/kubernetes/clock-offset.ts";

const httpDate = (ms: number) => new Date(ms).toUTCString();

/** A simulated server whose clock is `offset` ms ahead, answering after `rtt` ms of simulated time. */
function simulated(offset: number, rtt: number, start = Date.parse("2026-11-27T10:00:00.370Z")) {
  let clock = start;
  return {
    now: () => clock,
    sleep: async (ms: number) => void (clock += Math.max(0, ms)),
    sample: async (): Promise<DateSample> => {
      const sentAt = clock;
      const serverReads = clock + rtt / 2 + offset;
      clock += rtt;
      return { sentAt, receivedAt: clock, date: httpDate(serverReads) };
    },
  };
}

describe("clock offset from whole-second Date headers", () => {
  it("finds the tick between two samples and bounds the offset by that window", () => {
    const t = Date.parse("2026-11-27T10:00:00Z");
    // The server showed :00 when asked at .990 and :01 when answering at 1.004: its second ticked in between.
    const samples = [
      { sentAt: t + 980, receivedAt: t + 984, date: httpDate(t) },
      { sentAt: t + 990, receivedAt: t + 994, date: httpDate(t) },
      { sentAt: t + 1000, receivedAt: t + 1004, date: httpDate(t + 1000) },
    ];
    expect(offsetFromTicks(samples)).toEqual({ offsetMs: 1000 - (990 + 1004) / 2, uncertaintyMs: 7 });
    expect(offsetFromTicks(samples.slice(0, 2))).toBeUndefined();
  });

  for (const offset of [0, 250, -1730.5, 42_000]) {
    it(`measures a server ${offset} ms ahead to within a round trip`, async () => {
      const sim = simulated(offset, 2);
      const estimate = (await measureClockOffset(sim.sample, { now: sim.now, sleep: sim.sleep }))!;
      expect(Math.abs(estimate.offsetMs - offset)).toBeLessThanOrEqual(estimate.uncertaintyMs);
      expect(estimate.uncertaintyMs).toBeLessThanOrEqual(2);
    });
  }

  it("gives up without a usable Date header", async () => {
    expect(await measureClockOffset(async () => ({ sentAt: 0, receivedAt: 1, date: "" }))).toBeUndefined();
  });
});
