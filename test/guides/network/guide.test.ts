import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { networkArgv, networkGuide, networkMetrics } from "../../../runners/guides/network/guide.ts";
import { fixture } from "../../helpers/fixtures.ts";

const runc = fixture("network/network_iperf3-3.12_sockperf-3.7_guide-command_runc_this-machine.txt");
const quick = { seconds: 2, pingPongSeconds: 2, messageBytes: 64 };

function metricsError(text: string, params: Record<string, unknown> = quick): string {
  try {
    networkMetrics(text, { params, ran: true });
  } catch (error) {
    if (isParityError(error, "PARSE_FAILED")) return error.message;
    throw error;
  }
  return "";
}

describe("the network guide", () => {
  it("turns one output into throughput each way and round trips, rounded to what the tools print", () => {
    expect(networkMetrics(runc, { params: quick, ran: true })).toEqual({
      sendGbps: 16.623,
      receiveGbps: 14.977,
      sendRetransmits: 17160,
      rttP50Us: 50.625,
      rttP99Us: 84.705,
      rttMeanUs: 54.223,
      roundTrips: 28573,
      seconds: 2,
    });
  });

  it("reaches the peer only through $PARITY_PEER, and passes the settings as positional parameters", () => {
    const argv = networkArgv({ seconds: 10, pingPongSeconds: 5, messageBytes: 64 });
    expect(argv.slice(-4)).toEqual(["sh", "10", "5", "64"]);
    expect(argv[2]).toContain('-c "$PARITY_PEER"');
    expect(argv[2]).toContain("--full-rtt");
    expect(networkGuide.peer?.ports).toEqual([5201, 11111]);
  });

  it("refuses an output with one direction only, and durations other than the ones asked for", () => {
    const oneWay = runc.slice(runc.indexOf("}\n{") + 2);
    expect(metricsError(oneWay)).toMatch(/holds 1 iperf3 test, not one per direction/);
    expect(metricsError(runc, { ...quick, seconds: 10 })).toMatch(/iperf3 ran 2 s and 2 s, not the 10 s asked for/);
  });
});
