import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { parseSockperf } from "../../../runners/guides/network/parse-sockperf.ts";
import { fixture } from "../../helpers/fixtures.ts";

// Expected values are the figures sockperf printed, read off the fixtures by eye and by grep.
const v310 = fixture("network/sockperf-3.10_ping-pong-tcp-m1000_lkml.txt");
const halfRtt = fixture("network/sockperf-3.7_ping-pong-tcp_half-rtt_this-machine.txt");
const gvisor = fixture("network/network_iperf3-3.12_sockperf-3.7_guide-command_gvisor_this-machine.txt");

function parseError(text: string): string {
  try {
    parseSockperf(text);
  } catch (error) {
    if (isParityError(error, "PARSE_FAILED")) return error.message;
    throw error;
  }
  return "";
}

describe("parseSockperf", () => {
  it("reads sockperf 3.10's half round trips as whole ones (twice each printed figure)", () => {
    const r = parseSockperf(v310);
    expect(r).toMatchObject({ version: "3.10-no.git", observations: 2391186, fullRtt: false, lost: 0 });
    expect(r.meanUs).toBeCloseTo(2 * 24.965, 9);
    expect(r.percentiles["50.000"]).toBeCloseTo(2 * 26.86, 9);
    expect(r.percentiles["99.000"]).toBeCloseTo(2 * 33.482, 9);
    expect([r.minUs, r.maxUs]).toEqual([2 * 12.277, 2 * 195.841]);
  });

  it("reads sockperf 3.7 with its colour codes, with and without --full-rtt", () => {
    expect(parseSockperf(halfRtt)).toMatchObject({ fullRtt: false, observations: 42459, meanUs: 2 * 30.009 });
    const full = parseSockperf(gvisor);
    expect(full).toMatchObject({ version: "3.7-no.git", fullRtt: true, observations: 8671, meanUs: 178.716 });
    expect([full.percentiles["50.000"], full.percentiles["99.000"]]).toEqual([174.047, 342.758]);
  });

  it("refuses sockperf's error, an output without its summary, and percentiles out of order", () => {
    expect(parseError("sockperf: ERROR: Can`t connect socket (errno=101 Network is unreachable)\n")).toMatch(
      /sockperf reported an error: "Can`t connect socket \(errno=101 Network is unreachable\)"/,
    );
    expect(parseError(v310.split("sockperf: Summary")[0]!)).toMatch(/no summary line/);
    expect(parseError(v310.replace("percentile 50.000 =   26.860", "percentile 50.000 =   36.860"))).toMatch(
      /do not rise from <MIN> to <MAX>/,
    );
  });
});
