import { access, constants, mkdir, realpath } from "node:fs/promises";
import { join } from "node:path";
import { ParityError } from "../core/errors.ts";
import { jsonSchemas } from "../schemas/json-schema.ts";
import { writeJsonAtomic } from "./atomic-write.ts";

/** Kernel file systems are never a results folder: writes there fail or never end. */
const VIRTUAL = /^\/(proc|sys|dev)(\/|$)/;

/**
 * Writes the JSON Schemas of the results format under `<data>/schema/`, refusing at once a
 * folder that cannot hold them (a kernel file system, no write permission). Returns the paths.
 */
export async function writeSchemas(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, "schema");
  const real = await realpath(dataDir).catch(() => dataDir);
  const fail = (why: string, cause?: unknown) =>
    new ParityError(
      "INVALID_INPUT",
      {
        what: `Cannot write the JSON Schemas under ${dir}: ${why}`,
        next: "give --data a folder you may write, e.g. ./data",
      },
      { cause },
    );
  if (VIRTUAL.test(real)) throw fail("it is on a kernel file system");
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw fail((error as Error).message, error);
  }
  const written: string[] = [];
  for (const [file, schema] of Object.entries(jsonSchemas())) {
    await writeJsonAtomic(join(dir, file), schema);
    written.push(join(dir, file));
  }
  return written;
}
