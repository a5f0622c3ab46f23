import { ParseError } from "../../core/errors.ts";

/** A sockperf ping-pong test's summary, as round trips in microseconds. */
export interface SockperfResult {
  /** sockperf's version as printed, e.g. "3.7-no.git". */
  version?: string;
  /** Round trips measured (sockperf's observations after its warm-up). */
  observations: number;
  meanUs: number;
  /** Round-trip time by percentile as printed, e.g. `{ "50.000": 52.3, "99.000": 74.5 }`, plus MIN and MAX. */
  percentiles: Record<string, number>;
  minUs: number;
  maxUs: number;
  /** Whether sockperf printed round trips (`--full-rtt`); otherwise it printed half of each, doubled here. */
  fullRtt: boolean;
  /** Messages sockperf counted as dropped, duplicated or out of order. */
  lost: number;
}

const NUMBER = "([0-9]+(?:\\.[0-9]+)?)";

function number(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text);
  if (!match) throw new ParseError(`sockperf's output has no ${what}`, { next: READ_WHOLE });
  return Number(match[1]);
}

const READ_WHOLE =
  "give the whole output of `sockperf ping-pong` (its summary and percentile lines); a run cut short prints none";

/**
 * Reads a ping-pong run's summary from sockperf's output (3.x): the mean, the percentile lines, the extremes and the
 * count of observations. sockperf prints each latency as half a round trip unless `--full-rtt` is given; both are
 * returned as round trips (a half printed to three decimals doubles exactly). Colour codes are ignored.
 */
export function parseSockperf(output: string): SockperfResult {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: sockperf colours some lines with ANSI escapes
  const text = output.replace(/\r\n?/g, "\n").replace(/\u001b\[[0-9;]*m/g, "");
  const error = /^sockperf: ERROR: (.*)$/m.exec(text);
  if (error) throw new ParseError(`sockperf reported an error: "${error[1]!.trim()}"`, { next: READ_WHOLE });
  const summary = new RegExp(`^sockperf: Summary: (Round trip|Latency) is ${NUMBER} usec`, "m").exec(text);
  if (!summary) throw new ParseError("sockperf's output has no summary line (`Summary: … usec`)", { next: READ_WHOLE });
  const fullRtt = summary[1] === "Round trip";
  const factor = fullRtt ? 1 : 2;
  const meanUs = Number(summary[2]) * factor;
  const observations = number(text, /^sockperf: Total ([0-9]+) observations/m, "count of observations");
  if (observations === 0) throw new ParseError("sockperf observed no round trips", { next: READ_WHOLE });
  const percentiles: Record<string, number> = {};
  for (const m of text.matchAll(new RegExp(`^sockperf: ---> percentile ([0-9.]+) = *${NUMBER}$`, "gm")))
    percentiles[m[1]!] = Number(m[2]) * factor;
  const minUs = number(text, new RegExp(`^sockperf: ---> <MIN> observation = *${NUMBER}$`, "m"), "<MIN> line") * factor;
  const maxUs = number(text, new RegExp(`^sockperf: ---> <MAX> observation = *${NUMBER}$`, "m"), "<MAX> line") * factor;
  if (percentiles["50.000"] === undefined || percentiles["99.000"] === undefined)
    throw new ParseError("sockperf's output lacks the 50th or 99th percentile line", { next: READ_WHOLE });
  // sockperf sorts its observations: the percentiles rise from MIN to MAX and the mean lies between them.
  const ordered = [
    minUs,
    ...Object.keys(percentiles)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => percentiles[k]!),
  ];
  ordered.push(maxUs);
  if (ordered.some((v, i) => i > 0 && v < ordered[i - 1]!) || meanUs < minUs || meanUs > maxUs)
    throw new ParseError("sockperf's percentiles do not rise from <MIN> to <MAX>: the output is damaged");
  const version = /== version #(\S+) ==/.exec(text)?.[1];
  const lost =
    /# dropped messages = ([0-9]+); # duplicated messages = ([0-9]+); # out-of-order messages = ([0-9]+)/.exec(text);
  return {
    ...(version ? { version } : {}),
    observations,
    meanUs,
    percentiles,
    minUs,
    maxUs,
    fullRtt,
    lost: lost ? Number(lost[1]) + Number(lost[2]) + Number(lost[3]) : 0,
  };
}
