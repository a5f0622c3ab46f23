import * as z from "zod";
import { jsonSchemas } from "../../schemas/json-schema.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";

export const schemaCommand = parityCommand({
  name: "schema",
  description: "Print the JSON Schemas of the results format, or write them to data/schema/",
  options: z.object({
    write: z.boolean().default(false).describe("Write the schemas under <data>/schema/ instead of printing them"),
    data: dataOption,
  }),
  run: async (o) => {
    const schemas = jsonSchemas();
    if (!o.write) {
      process.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
      return;
    }
    for (const path of await writeSchemas(dataDir(o.data))) process.stderr.write(`wrote ${path}\n`);
  },
});
