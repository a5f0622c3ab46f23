import { formatInterval, formatNumber, formatPairs, formatPercent, formatRange } from "../contracts/format-number.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { centre, metricMeanKind } from "../stats/centre.ts";
import { levelLabel } from "../stats/compare.ts";
import { measuredRange } from "../stats/measured-range.ts";
import { verdictSettings } from "../stats/sequential-plan.ts";
import {
  byRole,
  compareModes,
  comparisonLabel,
  type MetricSummary,
  type RuntimeSummary,
  summarizeGuide,
} from "../stats/summarize.ts";
import { table, VERDICT_LABEL } from "./format.ts";

/** The header lines of a campaign: what ran, where, and on what. */
export function formatCampaignHeader(campaign: Campaign): string {
  const lines = [
    `Campaign ${campaign.id}${campaign.release ? ` · release ${campaign.release}` : ""} · ${campaign.status}` +
      `${campaign.quick ? " · QUICK (smoke test, not for publication)" : ""}`,
    `Target: ${campaign.target.description} · started ${campaign.startedAt}` +
      `${campaign.finishedAt ? ` · finished ${campaign.finishedAt}` : ""}`,
    `Baseline ${campaign.baseline} · ${campaign.runs} run(s) per runtime · threshold ±${campaign.thresholdPercent}% ` +
      `· ${campaign.noiseFloor ? "A/A noise floor measured" : "no A/A noise floor"}`,
    `Parity ${campaign.parity.version}` +
      `${campaign.parity.commit ? ` (${campaign.parity.commit}${campaign.parity.dirty ? ", modified" : ""})` : ""}`,
  ];
  for (const host of campaign.hosts) {
    const versions = formatPairs({ ...host.runtimeVersions, ...host.tools });
    const k = host.kubernetes;
    const where = k
      ? [k.instanceType, k.region].filter(Boolean).join(" in ") || "node"
      : (host.cpuModel ?? "CPU model not reported");
    const shared = k?.sharedNodeWith ? `; same node as ${k.sharedNodeWith.join(", ")}` : "";
    const handler = k?.runtimeClassHandler ? ` (handler ${k.runtimeClassHandler})` : "";
    const runtimeClass = k ? `; RuntimeClass ${k.runtimeClassName ?? "(default)"}${handler}${shared}` : "";
    lines.push(
      `Host (${host.role}): ${host.os}, kernel ${host.kernel}, ${where}, ${host.vcpus} ` +
        `vCPUs${host.cpuset ? ` (cpuset ${host.cpuset})` : ""}, ${(host.memoryBytes / 2 ** 30).toFixed(1)} GiB; ` +
        `${versions}${runtimeClass}`,
    );
    if (k?.components) lines.push(`  node components: ${formatPairs(k.components)}`);
    for (const [runtime, settings] of Object.entries(host.runtimeSettings ?? {})) {
      lines.push(`  ${runtime}: ${formatPairs(settings)}`);
    }
  }
  if (campaign.interruption) lines.push(`Stopped early: ${campaign.interruption}`);
  return lines.join("\n");
}

/**
 * The summary table of one guide: per metric and runtime, n, geometric mean [95%], CV, delta with the
 * interval that decides the verdict (90% at a single look), verdict.
 */
export function formatGuideSummary(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string {
  const metrics = summarizeGuide(guide.metrics, result, verdictSettings(campaign, guide.id));
  const rows: string[][] = [];
  for (const m of metrics) {
    // The geometric mean, whose ratio the Δ is; a metric with a run at zero shows its arithmetic mean, said so.
    const kind = metricMeanKind(metrics, m.metric);
    for (const [i, r] of m.runtimes.entries()) {
      const c = r.comparison;
      const metric =
        i === 0 ? `${m.label}${m.variant ? ` [${m.variant}]` : ""} (${m.unit}, ${m.direction} is better)` : "";
      if (r.notRunnable) {
        rows.push([metric, r.runtime, "0", "", "", "not runnable as defined (below)", ""]);
        continue;
      }
      const typical = centre(r.stats, kind);
      rows.push([
        metric,
        r.role === "candidate" ? r.runtime : `${r.runtime} (${r.role})`,
        String(r.stats.n),
        `${formatNumber(typical.value)} ${formatRange(typical.ci95)}${kind === "mean" ? " (arithmetic)" : ""}`,
        formatPercent(r.stats.cv * 100, 2).replace("+", ""),
        c
          ? `${comparisonLabel(r, campaign.baseline)} ${formatPercent(c.deltaPercent)} ` +
            `${formatInterval(c.tostIntervalPercent.low, c.tostIntervalPercent.high)}`
          : r.notComparable
            ? "not comparable (below)"
            : "",
        c ? VERDICT_LABEL[c.verdict] : "",
      ]);
    }
    if (m.noiseFloor) {
      const nf = m.noiseFloor;
      rows.push([
        "",
        `${campaign.baseline} A/A (noise floor)`,
        String(nf.nCandidate),
        "",
        "",
        `${formatPercent(nf.deltaPercent)} ${formatInterval(nf.tostIntervalPercent.low, nf.tostIntervalPercent.high)}`,
        VERDICT_LABEL[nf.verdict],
      ]);
    }
  }
  const threads = Object.entries(result.threads.perRuntime)
    .map(([r, t]) => `${r} ${t} on ${result.threads.vcpusSeen[r]} vCPU`)
    .join(", ");
  const out = [
    `${guide.id} — ${guide.title}`,
    `threads: ${threads}${result.threads.oversubscribed ? " (OVERSUBSCRIBED)" : ""}` +
      `${campaign.guideRuns?.[guide.id] ? ` · ${campaign.guideRuns[guide.id]} runs per runtime` : ""} · parameters: ` +
      `${JSON.stringify(result.parameters)}`,
    table(["metric", "runtime", "n", "geometric mean [95%]", "CV", "Δ [deciding interval]", "verdict"], rows),
  ];
  // In the campaign's order (filesystem, then block), whatever order the runs came in.
  const ran = new Set(result.measurements.map((m) => m.variant));
  const modes = (campaign.storageModes ?? []).filter((mode) => ran.has(mode));
  if (modes.length === 2) {
    const rows2 = compareModes(
      guide.metrics,
      result,
      campaign.runtimes,
      modes[0]!,
      modes[1]!,
      campaign.thresholdPercent,
    ).map((c) => [
      c.label,
      c.runtime,
      `${formatPercent(c.comparison.deltaPercent)} ` +
        `${formatInterval(c.comparison.tostIntervalPercent.low, c.comparison.tostIntervalPercent.high)}`,
      VERDICT_LABEL[c.comparison.verdict],
    ]);
    out.push(
      `storage path: ${modes[1]} against ${modes[0]}, within each runtime`,
      table(["metric", "runtime", `Δ ${modes[1]} vs ${modes[0]} [deciding interval]`, "verdict"], rows2),
    );
  }
  const hints = metrics.flatMap((m) =>
    m.runtimes
      .filter((r) => r.comparison?.verdict === "inconclusive")
      .map(
        (r) =>
          `${m.label}${m.variant ? ` [${m.variant}]` : ""}, ${comparisonLabel(r, campaign.baseline)}: ` +
          `${r.comparison!.hint}`,
      ),
  );
  for (const h of hints) out.push(`  ? ${h}`);
  return out.join("\n");
}

/** One guide's results as the compact view needs them, its statistics derived once. */
export interface GuideSummaryInput {
  guide: GuideDefinition;
  result: GuideResult;
  summaries: MetricSummary[];
}

/**
 * The compact verdict table: per guide, its primary metric (per storage mode), one row per
 * comparison, with the interval that decided the verdict. What could not be compared says why.
 */
export function formatVerdictTable(campaign: Campaign, inputs: readonly GuideSummaryInput[]): string {
  const rows: string[][] = [];
  const swings: string[] = [];
  for (const { guide, summaries } of inputs) {
    for (const m of summaries.filter((s) => s.primary)) {
      for (const r of byRole(m.runtimes.map((x) => ({ r: x }))).map((x) => x.r)) {
        const what = [guide.id, `${m.label}${m.variant ? ` [${m.variant}]` : ""}`];
        if (r.notRunnable) rows.push([...what, r.runtime, "", "", "not runnable"]);
        else if (r.notComparable)
          rows.push([...what, `${r.runtime} vs ${campaign.baseline}`, "", "", "not comparable"]);
        else if (r.comparison) {
          const c = r.comparison;
          rows.push([
            ...what,
            comparisonLabel(r, campaign.baseline),
            measuredRange(c.tostIntervalPercent, r.role === "reference" ? r.runtime : campaign.baseline),
            `${levelLabel(c.tostIntervalPercent)} ` +
              formatInterval(c.tostIntervalPercent.low, c.tostIntervalPercent.high),
            VERDICT_LABEL[c.verdict],
          ]);
          if (r.swing) swings.push(`${guide.id}, ${comparisonLabel(r, campaign.baseline)}: ${swingNote(r, m.unit)}`);
        }
      }
    }
  }
  const out = table(["guide", "primary metric", "compared", "measured range", "deciding interval", "verdict"], rows);
  return swings.length === 0 ? out : [out, ...swings.map((s) => `  ! ${s}`)].join("\n");
}

/** What one run does to a verdict: "one run decides it: without ‹runtime›'s run at ‹value› it would read ‹verdict›". */
export function swingNote(r: Pick<RuntimeSummary, "swing" | "comparison">, unit: string): string {
  const s = r.swing!;
  return (
    `one run decides it: without ${s.runtime}'s run at ${formatNumber(s.value)} ${unit} it would read ` +
    `${VERDICT_LABEL[s.verdict]} ` +
    `(${levelLabel(s.interval)} interval ${formatInterval(s.interval.low, s.interval.high)})`
  );
}

/**
 * Every note of a campaign, grouped by kind and counted: what cannot run and what is not
 * compared always in full, warnings by code with their first message (all with `verbose`).
 */
export function formatNotes(campaign: Campaign, inputs: readonly GuideSummaryInput[], verbose: boolean): string {
  const lines: string[] = [];
  for (const { guide, result, summaries } of inputs) {
    for (const cell of result.notRunnable ?? []) {
      lines.push(
        `× ${cell.runtime}${cell.variant ? ` [${cell.variant}]` : ""} cannot run ${guide.id} as defined: ` +
          `${cell.reason} The tool said: "${cell.message.split("\n").join(" ")}" (exit ${cell.exitCode}; raw log ` +
          `${cell.rawLog}${cell.runtimeLog ? `, runtime log ${cell.runtimeLog}` : ""}).`,
      );
    }
    const notCompared = new Set(
      summaries.flatMap((m) =>
        m.runtimes
          .filter((r) => r.notComparable)
          .map(
            (r) =>
              `${r.runtime}${m.variant ? ` [${m.variant}]` : ""} is not compared in ${guide.id}: ${r.notComparable}.`,
          ),
      ),
    );
    for (const line of notCompared) lines.push(`≠ ${line}`);
  }
  const warnings = [...campaign.warnings, ...inputs.flatMap(({ result }) => result.warnings)];
  const byCode = new Map<string, string[]>();
  for (const w of warnings) byCode.set(w.code, [...(byCode.get(w.code) ?? []), w.message]);
  for (const [code, messages] of byCode) {
    if (verbose || messages.length === 1) for (const m of messages) lines.push(`! ${m}`);
    else
      lines.push(
        `! ${code} ×${messages.length}: ${messages[0]} (and ${messages.length - 1} more; --verbose lists them)`,
      );
  }
  return lines.join("\n");
}
