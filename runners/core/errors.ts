/**
 * The one error type of Parity. Every failure carries a stable `code` that callers and
 * tests branch on, a message that names the thing, the place and the next step, and the
 * original error as `cause`.
 */
export type ParityErrorCode =
  | "INVALID_INPUT"
  | "UNKNOWN_GUIDE"
  | "UNKNOWN_RUNTIME"
  | "TOOL_MISSING"
  | "TOOL_FAILED"
  | "PARSE_FAILED"
  | "OVERSUBSCRIBED"
  | "WRONG_PLACE"
  | "CAMPAIGN_EXISTS"
  | "CAMPAIGN_NOT_FOUND"
  | "CAMPAIGN_BUSY"
  | "INVALID_DATA"
  | "DUPLICATE_ID"
  | "INTERRUPTED"
  | "KUBERNETES_API"
  | "POD_FAILED"
  | "UNDERSIZED"
  | "CLUSTER";

export interface ParityErrorOptions {
  cause?: unknown;
  /** Free-form details that a caller may show or store (never credentials). */
  details?: Record<string, unknown>;
}

export class ParityError extends Error {
  readonly code: ParityErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ParityErrorCode, message: string, options: ParityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ParityError";
    this.code = code;
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

  constructor(message: string, options: ParityErrorOptions & { line?: number } = {}) {
    super("PARSE_FAILED", message, options);
    this.name = "ParseError";
    this.line = options.line;
  }
}

/** True for a ParityError, optionally of one code. */
export function isParityError(error: unknown, code?: ParityErrorCode): error is ParityError {
  return error instanceof ParityError && (code === undefined || error.code === code);
}
