/** Reports a campaign's progress on stderr: one rewriting line on a terminal, plain lines otherwise. */
export interface Progress {
  start(label: string): void;
  done(seconds: number): void;
  /** Runs added to the plan after it started (an adaptive round), next in line: the count and the time left grow. */
  add(estimates: readonly number[]): void;
  /** Seconds the runs not yet started will take: their estimates at the pace finished runs kept. */
  remainingSeconds(): number;
  log(message: string): void;
  finish(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, "0")}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/**
 * A progress reporter for `total` runs whose planned durations are `estimates` (seconds).
 * The estimate of the time left scales the plan by how long finished runs actually took.
 * `mode: "json"` prints one JSON object per event, for machines.
 */
export function createProgress(options: {
  estimates: readonly number[];
  mode: "tty" | "plain" | "json";
  write?: (text: string) => void;
}): Progress {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const estimates = [...options.estimates];
  let index = 0;
  let plannedDone = 0;
  let actualDone = 0;
  let current = "";
  const remaining = () => {
    const plannedLeft = estimates.slice(index).reduce((a, b) => a + b, 0);
    const pace = plannedDone > 0 ? actualDone / plannedDone : 1;
    return plannedLeft * pace;
  };
  return {
    start(label) {
      current = label;
      const eta = remaining();
      const total = estimates.length;
      if (options.mode === "json") {
        write(
          `${JSON.stringify({ event: "run-start", index: index + 1, total, label, etaSeconds: Math.round(eta) })}\n`,
        );
      } else {
        const line = `[${index + 1}/${total}] ${label} · about ${formatDuration(eta)} left`;
        write(options.mode === "tty" ? `\r\x1b[2K${line}` : `${line}\n`);
      }
    },
    done(seconds) {
      plannedDone += estimates[index] ?? 0;
      actualDone += seconds;
      const total = estimates.length;
      if (options.mode === "json")
        write(`${JSON.stringify({ event: "run-done", index: index + 1, total, label: current, seconds })}\n`);
      index++;
    },
    add(more) {
      estimates.splice(index, 0, ...more);
    },
    remainingSeconds: remaining,
    log(message) {
      if (options.mode === "json") write(`${JSON.stringify({ event: "log", message })}\n`);
      else write(`${options.mode === "tty" ? "\r\x1b[2K" : ""}${message}\n`);
    },
    finish() {
      if (options.mode === "tty") write("\r\x1b[2K");
    },
  };
}
