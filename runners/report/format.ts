import type { Verdict } from "../stats/compare.ts";

/** How a verdict reads in tables and prose. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  equivalent: "equivalent",
  better: "better",
  worse: "worse",
  inconclusive: "inconclusive",
  "noise-floor": "inconclusive (noise floor)",
  descriptive: "descriptive",
};

/** Lays out rows as aligned columns separated by two spaces. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

/** An argument vector as a POSIX shell command line, quoting only what needs it. */
export function shellQuote(argv: readonly string[]): string {
  return argv
    .map((a) => (/^[A-Za-z0-9_@%+=:,./$()-]+$/.test(a) && !a.includes("$(") ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
