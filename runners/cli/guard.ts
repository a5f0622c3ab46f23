import { isParityError } from "../core/errors.ts";

/**
 * Runs a command body and turns failures into a message on stderr and an exit code:
 * 1 for a ParityError (its message already says what to do), 70 for a bug.
 */
export async function guarded(body: () => Promise<unknown>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    if (isParityError(error)) {
      process.stderr.write(`parity: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `parity: unexpected error, please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`,
      );
      process.exitCode = 70;
    }
  }
}
