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

/**
 * The ports of the peer's servers: one iperf3 server per direction, and sockperf's default. An iperf3 server closes
 * and reopens its listening socket after each test, so a second test that connects at once can be refused on a busy
 * machine (esnet/iperf#2066); with one server per direction each serves a single test per run.
 */
const IPERF3_SEND_PORT = 5201;
const IPERF3_RECEIVE_PORT = 5202;
const SOCKPERF_PORT = 11111;

/** How often a client tries again when the peer refuses its connection, and how long it waits between tries. */
const CONNECT_TRIES = 10;
const RETRY_SECONDS = 0.5;

/**
 * A shell function that runs a client and, while the peer refuses the connection, runs it again, at most
 * CONNECT_TRIES times in all. Each refusal it leaves behind is one `RETRY_MARK` line in the output (the parse counts
 * them), and only the last attempt's output is kept. iperf3 3.12 exits 0 on a refused connection, so the output,
 * not the exit status, tells.
 */
const RETRY_MARK = "parity: the peer refused the connection; trying again";
const connectRetrying =
  'attempt() { n=1; while :; do out=$("$@" 2>&1); s=$?; case $out in *"Connection refused"*) ' +
  `if [ "$n" -lt ${CONNECT_TRIES} ]; then echo "${RETRY_MARK} ($n of ${CONNECT_TRIES - 1})"; n=$((n+1)); ` +
  `sleep ${RETRY_SECONDS}; continue; fi;; esac; printf '%s\n' "$out"; return $s; done; }; `;

/**
 * The workload's side: TCP throughput to the peer and from it (iperf3 `-R`), then request/response round trips
 * (sockperf ping-pong over TCP, `--full-rtt` so that each figure is a whole round trip). The peer's address arrives
 * in $PARITY_PEER, set by the target; the durations reach the shell as positional parameters, never re-parsed.
 */
export function networkArgv(p: NetworkParameters): string[] {
  return [
    "sh",
    "-c",
    connectRetrying +
      `attempt iperf3 -c "$PARITY_PEER" -p ${IPERF3_SEND_PORT} -J -t "$1" && ` +
      `attempt iperf3 -c "$PARITY_PEER" -p ${IPERF3_RECEIVE_PORT} -J -t "$1" -R && ` +
      'attempt sockperf ping-pong --tcp -i "$PARITY_PEER" -t "$2" -m "$3" --full-rtt',
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
  const retries = output.split("\n").filter((line) => line.startsWith(RETRY_MARK)).length;
  return {
    sendGbps: round(send.receivedBitsPerSecond / 1e9),
    receiveGbps: round(receive.receivedBitsPerSecond / 1e9),
    ...(send.retransmits !== undefined ? { sendRetransmits: send.retransmits } : {}),
    rttP50Us: round(pingPong.percentiles["50.000"]!),
    rttP99Us: round(pingPong.percentiles["99.000"]!),
    rttMeanUs: round(pingPong.meanUs),
    roundTrips: pingPong.observations,
    // Absent when no connection was refused, so that outputs from before the retries re-derive as they were.
    ...(retries > 0 ? { connectRetries: retries } : {}),
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
    title: "The peer: an iperf3 server for each direction and a sockperf server, over TCP",
    // The shell stays the servers' parent and reaps them when stopped (SIGTERM), so that none is left behind.
    argv: [
      "sh",
      "-c",
      `iperf3 -s -p ${IPERF3_SEND_PORT} & a=$!; iperf3 -s -p ${IPERF3_RECEIVE_PORT} & b=$!; ` +
        "sockperf server --tcp -i 0.0.0.0 & c=$!; trap 'kill $a $b $c; wait' TERM; wait",
    ],
    ports: [IPERF3_SEND_PORT, IPERF3_RECEIVE_PORT, SOCKPERF_PORT],
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
    connectRetries: {
      label: "Connections the peer refused and the client retried",
      unit: "",
      compare: false,
      description:
        `Refused connections retried (at most ${CONNECT_TRIES - 1} per client, ${RETRY_SECONDS} s apart) before ` +
        "a test ran: a peer that was slow to accept, which a busy machine shows; absent when there was none. The " +
        "figures come from the test that ran.",
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
