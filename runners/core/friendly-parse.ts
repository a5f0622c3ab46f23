// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import type * as z from "zod";
import { ParityError, type ParityErrorCode } from "./errors.ts";

/** Renders a zod issue path as `measurements[3].metrics.eventsPerSecond`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

/** One line per problem: the field path, then what is wrong with it. */
export function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string {
  return issues
    .slice(0, 10)
    .map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`)
    .concat(issues.length > 10 ? [`  - ... and ${issues.length - 10} more`] : [])
    .join("\n");
}

/**
 * Validates `data` at a boundary. On failure, throws a ParityError that names `where`
 * (a file, an option, a command) and each failing field, with `hint` as the next step;
 * `code` is INVALID_DATA for files and outputs, INVALID_INPUT for what a reader typed.
 */
export function friendlyParse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: string,
  hint = "fix the value and try again",
  code: ParityErrorCode = "INVALID_DATA",
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ParityError(
    code,
    { what: `${where} is not valid:`, evidence: formatIssues(result.error.issues), next: hint },
    { cause: result.error },
  );
}
