// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { ParseError } from "../../core/errors.ts";
import { defineGuide, type StepContext } from "../define-guide.ts";
import { parseIperf3 } from "./parse-iperf3.ts";
import { parseSockperf } from "./parse-sockperf.ts";

/** Parameters of the network guide. */
export const NetworkParametersSchema = z.object({
  seconds: z
    .number()
    .int()
    .min(1)
    .max(600)
    .default(5)
    .describe("Seconds of each iperf3 test (`iperf3 -t`), one per direction, e.g. `5`."),
  pingPongSeconds: z
    .number()
    .int()
    .min(1)
    .max(600)
    .default(5)
    .describe("Seconds of sockperf's ping-pong (`sockperf ping-pong -t`), e.g. `5`: tens of thousands of round trips."),
  messageBytes: z
    .number()
    .int()
    .min(14)
    .max(65_000)
    .default(64)
    .describe("Bytes of each ping-pong message (`sockperf -m`), e.g. `64`: a small request and its answer."),
});

export type NetworkParameters = z.output<typeof NetworkParametersSchema>;

/** The ports of the peer's servers: iperf3's and sockperf's defaults. */
const IPERF3_PORT = 5201;
const SOCKPERF_PORT = 11111;

/**
 * The workload's side: TCP throughput to the peer and from it (iperf3 `-R`), then request/response round trips
 * (sockperf ping-pong over TCP, `--full-rtt` so that each figure is a whole round trip). The peer's address arrives
 * in $PARITY_PEER, set by the target; the durations reach the shell as positional parameters, never re-parsed.
 */
export function networkArgv(p: NetworkParameters): string[] {
  return [
    "sh",
    "-c",
    'iperf3 -c "$PARITY_PEER" -J -t "$1" && iperf3 -c "$PARITY_PEER" -J -t "$1" -R && ' +
      'sockperf ping-pong --tcp -i "$PARITY_PEER" -t "$2" -m "$3" --full-rtt',
    "sh",
    String(p.seconds),
    String(p.pingPongSeconds),
    String(p.messageBytes),
  ];
}

/** The guide's metrics from one output holding both iperf3 tests and the ping-pong. */
export function networkMetrics(output: string, context: StepContext = {}): Record<string, number | string> {
  const { tests, rest } = parseIperf3(output);
  const send = tests.find((t) => !t.reverse);
  const receive = tests.find((t) => t.reverse);
  if (!send || !receive || tests.length !== 2)
    throw new ParseError(
      `the output holds ${tests.length} iperf3 test${tests.length === 1 ? "" : "s"}, not one per direction ` +
        "(one without -R, one with it)",
    );
  const pingPong = parseSockperf(rest);
  if (context.ran) {
    const p = NetworkParametersSchema.parse(context.params ?? {});
    if (send.duration !== p.seconds || receive.duration !== p.seconds)
      throw new ParseError(`iperf3 ran ${send.duration} s and ${receive.duration} s, not the ${p.seconds} s asked for`);
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    sendGbps: round(send.receivedBitsPerSecond / 1e9),
    receiveGbps: round(receive.receivedBitsPerSecond / 1e9),
    ...(send.retransmits !== undefined ? { sendRetransmits: send.retransmits } : {}),
    rttP50Us: round(pingPong.percentiles["50.000"]!),
    rttP99Us: round(pingPong.percentiles["99.000"]!),
    rttMeanUs: round(pingPong.meanUs),
    roundTrips: pingPong.observations,
    seconds: send.duration,
  };
}

/**
 * The network: TCP throughput in each direction (iperf3) and request/response round trips (sockperf), between the
 * runtime under test and a peer that is the same for every runtime. A user-space kernel carries every packet through
 * its own network stack, so this is where gVisor pays beside system calls.
 */
export const networkGuide = defineGuide({
  id: "network",
  version: 1,
  title: "Network (iperf3, sockperf)",
  summary:
    "TCP throughput to and from a fixed peer, and the round-trip time of small requests (median and 99th " +
    "percentile), through the runtime's network path.",
  fixtures: "network",
  tools: [
    { binary: "iperf3", debianPackage: "iperf3", versionArgv: ["iperf3", "--version"] },
    { binary: "sockperf", debianPackage: "sockperf", versionArgv: ["sockperf", "--version"] },
    { binary: "ip", debianPackage: "iproute2", versionArgv: ["ip", "-V"] },
  ],
  parameters: NetworkParametersSchema,
  quick: { seconds: 2, pingPongSeconds: 2 },
  estimateSeconds: (p) => 2 * p.seconds + p.pingPongSeconds + 1,
  peer: {
    title: "The peer: an iperf3 server and a sockperf server over TCP, on their default ports",
    // The shell stays the servers' parent and reaps them when stopped (SIGTERM), so that none is left behind.
    argv: ["sh", "-c", "iperf3 -s & a=$!; sockperf server --tcp -i 0.0.0.0 & b=$!; trap 'kill $a $b; wait' TERM; wait"],
    ports: [IPERF3_PORT, SOCKPERF_PORT],
  },
  steps: [
    {
      id: "iperf3-sockperf",
      title: "Send to the peer and receive from it with iperf3, then time request/response round trips with sockperf",
      argv: (p) => networkArgv(p),
      parse: networkMetrics,
    },
  ],
  metrics: {
    rttP50Us: {
      label: "Round trip, median",
      unit: "µs",
      direction: "lower",
      compare: true,
      primary: true,
      description:
        "Median time for a `messageBytes` request to reach the peer over TCP and its answer to come back " +
        "(sockperf ping-pong, `--full-rtt`): the cost each request pays in the network path.",
    },
    rttP99Us: {
      label: "Round trip, 99th percentile",
      unit: "µs",
      direction: "lower",
      compare: true,
      description: "The round trip that 99% of requests beat: the tail a service's slow requests see.",
    },
    rttMeanUs: {
      label: "Round trip, mean",
      unit: "µs",
      direction: "lower",
      compare: true,
      description: "Mean round trip over the ping-pong, as sockperf's summary line prints it.",
    },
    sendGbps: {
      label: "TCP throughput, to the peer",
      unit: "Gbit/s",
      direction: "higher",
      compare: true,
      description:
        "Bits per second the peer received from one TCP stream the workload sent for `seconds` (iperf3, receiver's " +
        "count).",
    },
    receiveGbps: {
      label: "TCP throughput, from the peer",
      unit: "Gbit/s",
      direction: "higher",
      compare: true,
      description: "Bits per second the workload received from one TCP stream the peer sent (`iperf3 -R`).",
    },
    sendRetransmits: {
      label: "Retransmitted segments, to the peer",
      unit: "",
      compare: false,
      description: "TCP segments the sender retransmitted while sending to the peer, as iperf3 reports them.",
    },
    roundTrips: {
      label: "Round trips measured",
      unit: "",
      compare: false,
      description: "Round trips sockperf measured after its warm-up.",
    },
    seconds: {
      label: "Seconds per iperf3 test",
      unit: "s",
      compare: false,
      setting: true,
      description: "Duration of each iperf3 test, `-t`.",
    },
  },
});
