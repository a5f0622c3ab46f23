import { defineCommand } from "citty";
import { jsonSchemas } from "../../schemas/json-schema.ts";
import { writeSchemas } from "../../store/write-schemas.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

export const schemaCommand = defineCommand({
  meta: { name: "schema", description: "Print the JSON Schemas of the results format, or write them to data/schema/" },
  args: {
    write: {
      type: "boolean",
      default: false,
      description: "Write the schemas under <data>/schema/ instead of printing them",
    },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const schemas = jsonSchemas();
      if (!args.write) {
        process.stdout.write(`${JSON.stringify(schemas, null, 2)}\n`);
        return;
      }
      for (const path of await writeSchemas(dataDir(args.data))) process.stderr.write(`wrote ${path}\n`);
    }),
});
