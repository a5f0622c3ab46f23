import { ParseError } from "../../core/errors.ts";
import { jsonEnd, jsonTooDeepAt, MAX_JSON_DEPTH } from "../../core/json-bounds.ts";

/** One iperf3 TCP test, from its JSON (`iperf3 -c … -J`). */
export interface Iperf3Result {
  /** iperf3's version as it names itself, e.g. "iperf 3.12". */
  version: string;
  /** True when the peer sent and the client received (`-R`). */
  reverse: boolean;
  /** Seconds the test lasted, as asked (`-t`). */
  duration: number;
  /** What the receiving side got, in bits per second: the throughput delivered. */
  receivedBitsPerSecond: number;
  /** Segments the sender retransmitted, where iperf3 reports them (Linux senders). */
  retransmits?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: iperf3's JSON differs by version; each field is checked where it is read
type Obj = Record<string, any>;

/** A number iperf3 measured: present, finite and not negative, or a ParseError naming the field. */
function measured(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new ParseError(`iperf3's JSON has ${field} = ${JSON.stringify(value) ?? "missing"}, not a measured number`);
  return value;
}

/** Reads one test's JSON object; refuses an error report, a UDP test and figures that disagree with each other. */
function readTest(json: Obj): Iperf3Result {
  if (typeof json.error === "string")
    throw new ParseError(`iperf3 reported an error: "${json.error}"`, {
      next: "check that the peer's iperf3 server runs and is reachable (see the guide's page)",
    });
  const start = json.start ?? {};
  const test = start.test_start ?? {};
  if (test.protocol !== "TCP")
    throw new ParseError(`iperf3's test is ${JSON.stringify(test.protocol) ?? "of no protocol"}, not TCP`);
  const received = json.end?.sum_received;
  if (typeof received !== "object" || received === null)
    throw new ParseError("iperf3's JSON has no end.sum_received: the test did not finish");
  const bytes = measured(received.bytes, "end.sum_received.bytes");
  const seconds = measured(received.seconds, "end.sum_received.seconds");
  const rate = measured(received.bits_per_second, "end.sum_received.bits_per_second");
  // iperf3 derives the rate from the bytes and seconds it prints: a damaged figure shows as a disagreement.
  if (seconds <= 0 || Math.abs((bytes * 8) / seconds - rate) > rate * 0.001 + 1)
    throw new ParseError(
      `iperf3's end.sum_received says ${rate} bit/s but ${bytes} bytes in ${seconds} s: the output is damaged`,
    );
  const retransmits = json.end?.sum_sent?.retransmits;
  return {
    version: typeof start.version === "string" ? start.version : "iperf 3 (version not printed)",
    reverse: test.reverse === 1,
    duration: measured(test.duration, "start.test_start.duration"),
    receivedBitsPerSecond: rate,
    ...(typeof retransmits === "number" ? { retransmits: measured(retransmits, "end.sum_sent.retransmits") } : {}),
  };
}

/**
 * Every iperf3 JSON object in an output (each test prints one, starting at a line's beginning), and the text around
 * them (another tool's output). A JSON object that never closes or does not parse is refused.
 */
export function parseIperf3(output: string): { tests: Iperf3Result[]; rest: string } {
  const text = output.replace(/\r\n?/g, "\n");
  const tests: Iperf3Result[] = [];
  let rest = "";
  let at = 0;
  for (;;) {
    const found = text.slice(at).search(/^\{/m);
    if (found < 0) break;
    const start = at + found;
    const end = jsonEnd(text, start);
    if (end < 0) throw new ParseError("iperf3's JSON never closes; the output is truncated");
    const json = text.slice(start, end);
    if (jsonTooDeepAt(json) >= 0)
      throw new ParseError(`iperf3's JSON nests deeper than ${MAX_JSON_DEPTH} levels; iperf3's own never does`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new ParseError("iperf3's JSON is not valid; the output may be damaged", { cause: error });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ParseError("iperf3's JSON is not an object");
    tests.push(readTest(parsed as Obj));
    rest += text.slice(at, start);
    at = end;
  }
  return { tests, rest: rest + text.slice(at) };
}
