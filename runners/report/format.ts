import type { Verdict } from "../stats/compare.ts";

/** A number as tables show it: enough digits to compare, no more. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return "0";
  return x.toPrecision(3);
}

/** A signed percentage, e.g. "+1.24%" or "−0.30%" (true minus sign). */
export function formatPercent(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "—";
  const s = Math.abs(x).toFixed(digits);
  return `${x < 0 && Number(s) !== 0 ? "−" : "+"}${s}%`;
}

/** A percent interval, e.g. "[−0.41%, +0.27%]". */
export function formatInterval(low: number, high: number, digits = 2): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return "[—]";
  return `[${formatPercent(low, digits)}, ${formatPercent(high, digits)}]`;
}

/** Named values as one line, e.g. `{ runc: "1.1.5", fio: "3.33" }` → "runc 1.1.5, fio 3.33". */
export function formatPairs(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
}

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
