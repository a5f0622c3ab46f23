/**
 * How every failure of Parity is told, built here from the parts the failing place knows:
 * what failed (naming the thing and the place), evidence shown verbatim (a tool's last lines),
 * the underlying cause's first line, and the reader's next step. One shape for every error:
 *
 *   Campaign "x" is already complete. Next step: start a new campaign id.
 */
export interface Failure {
  /** What failed, naming the thing and the place, without a full stop, e.g. `Campaign "x" is already complete`. */
  what: string;
  /** The reader's next step, without a full stop, e.g. `start a new campaign id`. */
  next: string;
  /** Lines shown verbatim after what failed, e.g. the tool's last lines of stderr. */
  evidence?: string;
}

/** The first line of a cause, as the place that caught it saw it (a Parity error's own `what`). */
export function causeText(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  const what = (cause as { what?: unknown }).what;
  const text = typeof what === "string" ? what : cause instanceof Error ? cause.message : String(cause);
  return text.split("\n")[0]?.trim() || undefined;
}

const stopped = (text: string) => (/[.!?:]$/.test(text) ? text : `${text}.`);

/**
 * The message of a failure: `What failed (cause). Next step: …`, with any evidence on its own
 * lines in between. The cause's first line is left out when `what` already quotes it or the
 * failure shows evidence of its own (the cause's details).
 */
export function failureMessage(failure: Failure, cause?: unknown): string {
  const because = failure.evidence === undefined ? causeText(cause) : undefined;
  const what = because && !failure.what.includes(because) ? `${failure.what} (${because})` : failure.what;
  const evidence = failure.evidence?.trimEnd();
  return `${stopped(what)}${evidence ? `\n${evidence}\n` : " "}Next step: ${stopped(failure.next)}`;
}
