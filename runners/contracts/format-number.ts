/** A number as tables show it: enough digits to compare, no more. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return "0";
  return x.toPrecision(3);
}

/**
 * A signed percentage, e.g. "+1.24%" or "−0.30%" (true minus sign); a change past twice the
 * baseline reads as its ratio, "4.31×" or "354×", never "+35263.79%".
 */
export function formatPercent(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "—";
  if (x >= 100) {
    const ratio = 1 + x / 100;
    return `${ratio.toFixed(ratio < 10 ? 2 : ratio < 100 ? 1 : 0)}×`;
  }
  const s = Math.abs(x).toFixed(digits);
  return `${x < 0 && Number(s) !== 0 ? "−" : "+"}${s}%`;
}

/** A percent interval, e.g. "[−0.41%, +0.27%]". */
export function formatInterval(low: number, high: number, digits = 2): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return "[—]";
  return `[${formatPercent(low, digits)}, ${formatPercent(high, digits)}]`;
}

/** An interval of the metric's own values, e.g. "[2101.9, 2106.8]"; "[—]" without one (fewer than two runs). */
export function formatRange(interval: { low: number; high: number }): string {
  if (!Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return "[—]";
  return `[${formatNumber(interval.low)}, ${formatNumber(interval.high)}]`;
}

/** Named values as one line, e.g. `{ runc: "1.1.5", fio: "3.33" }` → "runc 1.1.5, fio 3.33". */
export function formatPairs(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
}
