import { exitCodeOf, isParityError } from "../core/errors.ts";

/**
 * Runs a command body and turns failures into a message on stderr and the exit code of
 * their kind (EXIT_CODES): a ParityError's message already says what to do; anything
 * else is a defect of Parity and is reported with its stack.
 */
export async function guarded(body: () => Promise<unknown>): Promise<void> {
  try {
    const code = await body();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    process.stderr.write(
      isParityError(error)
        ? `parity: ${error.message}\n`
        : `parity: unexpected error, please report it with the command you ` +
            `ran:\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exitCode = exitCodeOf(error);
  }
}
