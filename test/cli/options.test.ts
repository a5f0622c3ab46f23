import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { cliArgs, cliMeta, parseOptions } from "../../runners/cli/command-options.ts";
import { COMMANDS } from "../../runners/cli/main.ts";
import { RunArgsSchema } from "../../runners/cli/options.ts";
import { isParityError } from "../../runners/core/errors.ts";

const reference = readFileSync(new URL("../../content/docs/reference/cli.mdx", import.meta.url), "utf8");
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The options of one command as citty defines them (positional arguments are not options). */
function options(command: (typeof COMMANDS)[keyof typeof COMMANDS]): string[] {
  const args = (command as { args?: Record<string, { type?: string }> }).args ?? {};
  return Object.entries(args)
    .filter(([, a]) => a.type !== "positional")
    .map(([name]) => name);
}

/** The section of the reference page about `parity NAME`, up to the next heading. */
function section(name: string): string {
  const start = reference.indexOf(`### \`parity ${name}`);
  if (start < 0) return "";
  const rest = reference.slice(start + 4);
  const next = rest.search(/^#{2,3} /m);
  return reference.slice(start, next < 0 ? undefined : start + 4 + next);
}

// Options the reference states once for every command, not in each command's section.
const EVERYWHERE = new Set(["data"]);

describe("each command's options are defined once and documented as defined", () => {
  it.each(Object.keys(COMMANDS))("parity %s: every option is in its section of the CLI reference page", (name) => {
    const text = section(name);
    expect(text, `content/docs/reference/cli.mdx has no section for parity ${name}`).not.toBe("");
    const missing = options(COMMANDS[name as keyof typeof COMMANDS]).filter(
      (o) => !EVERYWHERE.has(o) && !text.includes(`--${o}`) && !text.includes(`--no-${o}`),
    );
    expect(missing, `options of parity ${name} missing from its section`).toEqual([]);
  });

  it("states the options every command shares once", () => {
    for (const o of EVERYWHERE) expect(reference).toContain(`--${o}`);
  });

  it("parity run: citty's options are exactly the zod schema's, besides the CLI's own", () => {
    // The CLI's own: how output is printed, the data folder, guide parameters (parsed apart) and the
    // switch that turns the schema's maxRuns on.
    const cliOnly = new Set(["json", "data", "set", "until-conclusive"]);
    const flags = options(COMMANDS.run).filter((o) => !cliOnly.has(o));
    const keys = Object.keys(RunArgsSchema.shape).filter((k) => k !== "guides");
    expect(flags.map(camel).sort()).toEqual(
      keys
        .filter((k) => k !== "maxRuns")
        .concat("maxRuns")
        .sort(),
    );
  });

  it.each(Object.keys(COMMANDS).filter((name) => name !== "run"))(
    "parity %s: its options are one zod schema, and citty's definition is generated from it",
    (name) => {
      const command = COMMANDS[name as keyof typeof COMMANDS] as {
        options?: z.ZodObject;
        args?: unknown;
        subCommands?: Record<string, { options?: z.ZodObject; args?: unknown }>;
      };
      const commands = command.subCommands
        ? Object.values(command.subCommands).filter((c) => c.options !== undefined)
        : [command];
      expect(commands.length).toBeGreaterThan(0);
      for (const c of commands) {
        expect(c.options, `parity ${name} has no option schema`).toBeInstanceOf(z.ZodObject);
        expect(c.args).toEqual(cliArgs(c.options!));
      }
    },
  );
});

describe("options generated from a zod schema", () => {
  const schema = z.object({
    guide: z.string().describe("Guide").register(cliMeta, { positional: true }),
    maxRuns: z
      .string()
      .regex(/^[0-9]+$/, "expected a whole number")
      .optional()
      .describe("Runs at most"),
    format: z.enum(["bmf", "csv"]).default("bmf").describe("Format").register(cliMeta, { valueHint: "bmf|csv" }),
    image: z.string().describe("The image"),
    build: z.boolean().default(true).describe("Build afterwards"),
    json: z.boolean().default(false).describe("JSON"),
  });

  it("names flags in kebab case, keeps positional arguments, defaults and whether a value is required", () => {
    expect(cliArgs(schema)).toEqual({
      guide: { type: "positional", required: true, description: "Guide" },
      "max-runs": { type: "string", description: "Runs at most" },
      format: { type: "string", description: "Format", default: "bmf", valueHint: "bmf|csv" },
      image: { type: "string", description: "The image", required: true },
      build: { type: "boolean", default: true, description: "Build afterwards" },
      json: { type: "boolean", default: false, description: "JSON" },
    });
  });

  it("refuses a bad value naming the option as typed and the next step", () => {
    const error = (() => {
      try {
        parseOptions(schema, { guide: "cpu", maxRuns: "many", format: "xml", image: "x" }, "export");
      } catch (e) {
        return e;
      }
    })();
    expect(isParityError(error) && error.code).toBe("INVALID_INPUT");
    const message = (error as Error).message;
    expect(message).toMatch(/parity export/);
    expect(message).toMatch(/--max-runs: expected a whole number/);
    expect(message).toMatch(/--format: /);
    expect(message).toMatch(/parity export --help/);
    expect(parseOptions(schema, { guide: "cpu", image: "x" }, "export")).toEqual({
      guide: "cpu",
      format: "bmf",
      image: "x",
      build: true,
      json: false,
    });
  });
});
