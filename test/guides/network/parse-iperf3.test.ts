import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { parseIperf3 } from "../../../runners/guides/network/parse-iperf3.ts";
import { fixture } from "../../helpers/fixtures.ts";

// Expected values were read from the fixtures with Python's json module, not with this parser.
const v39 = fixture("network/iperf3-3.9_tcp-10s_cloudpilot.json");
const v36 = fixture("network/iperf3-3.6_tcp-200MiB_cloudpilot.json");
const truncated = fixture("network/iperf3-3.9_reverse_interrupted-truncated_cloudpilot.txt");
const host = fixture("network/network_iperf3-3.12_sockperf-3.7_guide-command_host_this-machine.txt");
const gvisor = fixture("network/network_iperf3-3.12_sockperf-3.7_guide-command_gvisor_this-machine.txt");

function parseError(text: string): string {
  try {
    parseIperf3(text);
  } catch (error) {
    if (isParityError(error, "PARSE_FAILED")) return error.message;
    throw error;
  }
  return "";
}

describe("parseIperf3", () => {
  it("reads iperf3 3.9 and 3.6 JSON: the receiver's rate and the sender's retransmits", () => {
    expect(parseIperf3(v39).tests).toEqual([
      {
        version: "iperf 3.9",
        reverse: false,
        duration: 10,
        receivedBitsPerSecond: 88167404.38050093,
        retransmits: 0,
      },
    ]);
    expect(parseIperf3(v36).tests).toEqual([
      { version: "iperf 3.6", reverse: false, duration: 0, receivedBitsPerSecond: 100334486.26151854, retransmits: 0 },
    ]);
  });

  it("reads both tests of the guide's command (3.12) and leaves sockperf's text to the caller", () => {
    const { tests, rest } = parseIperf3(host);
    expect(tests.map((t) => [t.version, t.reverse, t.receivedBitsPerSecond, t.retransmits])).toEqual([
      ["iperf 3.12", false, 20313045798.66067, 16908],
      ["iperf 3.12", true, 18990112212.27062, 14557],
    ]);
    expect(rest).toContain("Summary: Round trip is 53.387 usec");
    expect(rest).not.toContain('"start"');
  });

  it("reads gVisor's, whose own TCP stack reports no retransmission", () => {
    expect(parseIperf3(gvisor).tests.map((t) => [t.receivedBitsPerSecond, t.retransmits])).toEqual([
      [8500649449.453433, 0],
      [5132075311.7114725, 0],
    ]);
  });

  it("finds no test in a terminal capture cut at 8 KiB, and refuses a JSON object that never closes", () => {
    expect(parseIperf3(truncated).tests).toEqual([]);
    expect(parseError(truncated.replace(/^\^C/, ""))).toMatch(/never closes; the output is truncated/);
  });

  it("refuses iperf3's own error report with its words", () => {
    const error = v39.replace(/\}\s*$/, ',\n\t"error":\t"unable to create a new stream: Permission denied"\n}\n');
    expect(parseError(error)).toMatch(/iperf3 reported an error: "unable to create a new stream: Permission denied"/);
  });

  it("refuses a rate that disagrees with its bytes and seconds, and a UDP test", () => {
    // The last occurrence is end.sum_received's (end.streams' receiver prints the same rate before it).
    const at = v39.lastIndexOf("88167404.380500928");
    const damaged = `${v39.slice(0, at)}98167404${v39.slice(at + "88167404.380500928".length)}`;
    expect(parseError(damaged)).toMatch(/end\.sum_received says 98167404 bit\/s but 113237376 bytes in 10\.274761 s/);
    expect(parseError(v39.replace('"protocol":\t"TCP"', '"protocol":\t"UDP"'))).toMatch(/test is "UDP", not TCP/);
  });
});
