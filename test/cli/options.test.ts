import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../runners/cli/main.ts";
import { RunArgsSchema } from "../../runners/cli/options.ts";

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
});
