import type { ExecResult } from "./exec-result.ts";
import { PROBE_BEGIN, PROBE_END } from "./probe-markers.ts";

/**
 * The raw log of one command: a short header, then stdout and stderr verbatim. The header
 * lines match no parser pattern, so `parity import` reads a raw log as it reads a hand-run output.
 */
export function formatRawLog(label: string, argv: readonly string[], result: ExecResult): string {
  return [
    `# parity raw log: ${label}`,
    `# command: ${argv.join(" ")}`,
    `# started: ${result.startedAt}  finished: ${result.finishedAt}  exit code: ${result.exitCode}`,
    // The runner's own clock marks (startup): with them the numbers can be re-derived from the log.
    ...(result.requestedAt !== undefined && result.exitedAt !== undefined
      ? [`# requested at: ${result.requestedAt} ms  exited at: ${result.exitedAt} ms`]
      : []),
    "--- stdout ---",
    `${result.stdout.replace(/\n?$/, "\n")}--- stderr ---`,
    result.stderr.replace(/\n?$/, "\n"),
  ].join("\n");
}

/** A raw log's label, the command it ran and the runner's clock marks, from its header. */
export function rawLogHeader(rawLog: string): {
  label?: string;
  command?: string;
  requestedAt?: number;
  exitedAt?: number;
} {
  const label = rawLog.match(/^# parity raw log: (.*)$/m)?.[1];
  const command = rawLog.match(/^# command: (.*)$/m)?.[1];
  const marks = rawLog.match(/^# requested at: ([\d.]+) ms {2}exited at: ([\d.]+) ms$/m);
  return {
    ...(label !== undefined ? { label } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(marks ? { requestedAt: Number(marks[1]), exitedAt: Number(marks[2]) } : {}),
  };
}

/** How progress lines, messages and raw-log headers name an arm: nothing for the main comparison. */
export const ARM_LABEL = { main: "", aa: " (A/A)", warmup: " (warm-up)" } as const;

/** The label of a run in messages and raw-log headers: `cpu on runc, run 3`, `io on runc (block) (A/A), run 2`. */
export function runLabel(
  guide: string,
  run: { runtime: string; arm: keyof typeof ARM_LABEL; run: number; variant?: string; attempt?: number },
): string {
  return (
    `${guide} on ${run.runtime}${run.variant ? ` (${run.variant})` : ""}${ARM_LABEL[run.arm]}, run ${run.run}` +
    `${run.attempt ? `, attempt ${run.attempt}` : ""}`
  );
}

/** The last `count` non-empty lines of a text, for error messages. */
export function tail(text: string, count = 5): string {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(-count)
    .join("\n");
}

/** Whether a text is one of Parity's raw logs (its first line is the header). */
export function isRawLog(text: string): boolean {
  return text.startsWith("# parity raw log:");
}

/** The stdout section of a raw log, probe block included: what the workload printed. */
export function rawLogStdout(rawLog: string): string {
  const start = rawLog.indexOf("--- stdout ---\n");
  const end = rawLog.lastIndexOf("--- stderr ---");
  return start < 0 ? rawLog : rawLog.slice(start + "--- stdout ---\n".length, end < 0 ? undefined : end);
}

/** The stdout section of a raw log, without the probe block: what the tool itself printed. */
export function rawLogToolOutput(rawLog: string): string {
  const stdout = rawLogStdout(rawLog);
  const begin = stdout.indexOf(PROBE_BEGIN);
  const end = stdout.indexOf(PROBE_END, begin);
  return begin < 0 || end < 0
    ? stdout
    : stdout.slice(0, begin) + stdout.slice(end + PROBE_END.length).replace(/^\n/, "");
}

/** The probe block of a raw log (what the workload saw), or "" when it has none. */
export function rawLogProbe(rawLog: string): string {
  const begin = rawLog.indexOf(`${PROBE_BEGIN}\n`);
  const end = rawLog.indexOf(PROBE_END, begin);
  return begin < 0 || end < 0 ? "" : rawLog.slice(begin + PROBE_BEGIN.length + 1, end);
}
