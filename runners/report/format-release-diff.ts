import { formatInterval, formatPercent } from "../contracts/format-number.ts";
import type { CellChange, ReleaseDiff } from "../release/release-diff.ts";
import { movedVerdicts } from "../release/release-diff.ts";
import { table, VERDICT_LABEL } from "./format.ts";

/** "worse +313.20%" — a published verdict against the baseline, with its size. */
export function verdictWithSize(v: NonNullable<CellChange["before"]>): string {
  return `${VERDICT_LABEL[v.verdict]} ${formatPercent(v.deltaPercent)}`;
}

/** Where a cell is: target, guide, metric and storage mode. */
export function cellPlace(c: CellChange): string {
  return `${c.target} · ${c.guideTitle} · ${c.label}${c.variant ? ` (${c.variant})` : ""}`;
}

/** A cell's change between releases: "−45.20% [−50.10%, −40.00%] better", or why it is not compared. */
export function cellChange(c: CellChange): string {
  if (!c.change) return `not comparable: ${c.notComparable}`;
  const { deltaPercent, tostIntervalPercent: i, verdict } = c.change;
  return `${formatPercent(deltaPercent)} ${formatInterval(i.low, i.high)} ${VERDICT_LABEL[verdict]}`;
}

/** The release diff as text: versions that changed, verdicts that moved, then every primary cell. */
export function formatReleaseDiff(diff: ReleaseDiff): string {
  const out = [`Release ${diff.after} against ${diff.before}`, ""];
  out.push("Versions that changed");
  out.push(
    diff.versions.length === 0
      ? "  none"
      : table(
          ["target", "what", diff.before, diff.after],
          diff.versions.map((v) => [v.target, v.what, v.before ?? "—", v.after ?? "—"]),
        ),
  );
  out.push("", "Verdicts that moved (each runtime against its campaign's baseline)");
  const moved = movedVerdicts(diff);
  out.push(
    moved.length === 0
      ? "  none"
      : table(
          ["where", "runtime", diff.before, diff.after],
          moved.map((c) => [cellPlace(c), c.runtime, verdictWithSize(c.before!), verdictWithSize(c.after!)]),
        ),
  );
  out.push("", `Primary metrics: each runtime in ${diff.after} against itself in ${diff.before} (90% interval)`);
  out.push(
    diff.cells.length === 0
      ? "  no guide ran on the same target with the same parameters in both releases"
      : table(
          ["where", "runtime", "change"],
          diff.cells.map((c) => [cellPlace(c), c.runtime, cellChange(c)]),
        ),
  );
  return `${out.join("\n")}\n`;
}
