import { type Failure, failureMessage } from "./messages.ts";

/**
 * Every kind of failure and the exit code `parity` ends with for it (content/docs/reference/cli.mdx,
 * "Exit codes"): a script can tell a refused command from a machine that cannot run it or a run that
 * failed.
 */
export const EXIT_CODES = {
  /** A command line or option Parity refuses (the message says which and why). */
  INVALID_INPUT: 2,
  UNKNOWN_GUIDE: 2,
  UNKNOWN_RUNTIME: 2,
  /** A campaign id that exists, does not exist, or is in use by another run. */
  CAMPAIGN_EXISTS: 3,
  CAMPAIGN_NOT_FOUND: 3,
  CAMPAIGN_BUSY: 3,
  /** A results file, profile or tool output that cannot be read as what it claims to be. */
  INVALID_DATA: 4,
  PARSE_FAILED: 4,
  /** This machine or cluster cannot run the campaign as asked. */
  TOOL_MISSING: 5,
  OVERSUBSCRIBED: 5,
  UNDERSIZED: 5,
  WRONG_PLACE: 5,
  CLUSTER: 5,
  DISK_FULL: 5,
  /** Others use the machine: a release measured now would publish noise. */
  MACHINE_BUSY: 5,
  /** A run failed: the tool, the pod or the API. */
  TOOL_FAILED: 6,
  POD_FAILED: 6,
  KUBERNETES_API: 6,
  /** Ctrl-C or SIGTERM; the campaign is kept as partial. */
  INTERRUPTED: 130,
  /** Two guides or runtimes with one id: a defect of Parity itself, as any error that is not a ParityError (70). */
  DUPLICATE_ID: 70,
} as const;

export type ParityErrorCode = keyof typeof EXIT_CODES;

/** Exit code of a command that ran and found problems (`parity check`). */
export const EXIT_PROBLEMS = 1;
/** Exit code for a defect of Parity: any error that is not a ParityError. */
export const EXIT_BUG = 70;

/** The exit code a failure ends `parity` with. */
export function exitCodeOf(error: unknown): number {
  return isParityError(error) ? EXIT_CODES[error.code] : EXIT_BUG;
}

/** The next step of a tool output that cannot be read. */
export const READ_WHOLE_OUTPUT = "give the whole output of the guide's command, as the tool printed it";

export interface ParityErrorOptions {
  cause?: unknown;
  /** Free-form details that a caller may show or store (never credentials). */
  details?: Record<string, unknown>;
}

/**
 * The one error type of Parity. Every failure carries a stable `code` that callers and
 * tests branch on, a message that names the thing, the place and the next step, and the
 * original error as `cause`.
 */
export class ParityError extends Error {
  readonly code: ParityErrorCode;
  /** What failed, as the message begins with it. */
  readonly what: string;
  /** The reader's next step, as the message ends with it. */
  readonly next: string;
  readonly details: Record<string, unknown>;

  /** The message is built from `failure` (and the cause's first line) by runners/core/messages.ts. */
  constructor(code: ParityErrorCode, failure: Failure, options: ParityErrorOptions = {}) {
    super(failureMessage(failure, options.cause), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ParityError";
    this.code = code;
    this.what = failure.what;
    this.next = failure.next;
    this.details = options.details ?? {};
  }
}

/**
 * A tool printed something its parser cannot read. Callers branch on it to attach the
 * run and the raw log path before reporting.
 */
export class ParseError extends ParityError {
  /** 1-based line of the input where reading failed, when known. */
  readonly line: number | undefined;

  /** Without a `next`, the step is to give the whole output of the guide's command. */
  constructor(what: string, options: ParityErrorOptions & { line?: number; next?: string } = {}) {
    super("PARSE_FAILED", { what, next: options.next ?? READ_WHOLE_OUTPUT }, options);
    this.name = "ParseError";
    this.line = options.line;
  }
}

/** A run, wait or campaign stopped by Ctrl-C or SIGTERM. */
export function interrupted(what: string): ParityError {
  return new ParityError("INTERRUPTED", {
    what: `${what} was interrupted`,
    next: "complete the campaign with `parity run --resume --campaign ID`",
  });
}

/** True for a ParityError, optionally of one code. */
export function isParityError(error: unknown, code?: ParityErrorCode): error is ParityError {
  return error instanceof ParityError && (code === undefined || error.code === code);
}
