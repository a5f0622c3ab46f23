import { readFile, stat } from "node:fs/promises";
import { ParityError } from "../core/errors.ts";

/** The largest tool output `import` and `compare` read: a jitter raw log is about 100 KiB, a fio json+ a few MiB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const tooLarge = (what: string, bytes: number) =>
  new ParityError("INVALID_INPUT", {
    what:
      `${what} is ${(bytes / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_INPUT_BYTES / 2 ** 20} MiB a tool ` +
      `output can be`,
    next: "give the output of the guide's command alone",
  });

/** Reads a reader's tool output from a file, or standard input for `-`, refusing an oversized one before reading it. */
export async function readInput(file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) throw tooLarge("Standard input", size);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    const info = await stat(file);
    if (!info.isFile())
      throw new ParityError("INVALID_INPUT", {
        what: `${file} is not a regular file`,
        next: "give the path of a file that holds the tool's output",
      });
    if (info.size > MAX_INPUT_BYTES) throw tooLarge(file, info.size);
    return await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError(
      "INVALID_INPUT",
      { what: `Cannot read ${file}`, next: "give the path of a file that holds the tool's output" },
      { cause: error },
    );
  }
}
