import type { GuideDefinition } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { compareModes, comparisonLabel, summarizeGuide } from "../stats/summarize.ts";
import { formatInterval, formatNumber, formatPercent, table } from "./format.ts";

/** The header lines of a campaign: what ran, where, and on what. */
export function formatCampaignHeader(campaign: Campaign): string {
  const lines = [
    `Campaign ${campaign.id}${campaign.release ? ` · release ${campaign.release}` : ""} · ${campaign.status}${campaign.quick ? " · QUICK (smoke test, not for publication)" : ""}`,
    `Target: ${campaign.target.description} · started ${campaign.startedAt}${campaign.finishedAt ? ` · finished ${campaign.finishedAt}` : ""}`,
    `Baseline ${campaign.baseline} · ${campaign.runs} run(s) per runtime · threshold ±${campaign.thresholdPercent}% · ${campaign.noiseFloor ? "A/A noise floor measured" : "no A/A noise floor"}`,
    `Parity ${campaign.parity.version}${campaign.parity.commit ? ` (${campaign.parity.commit}${campaign.parity.dirty ? ", modified" : ""})` : ""}`,
  ];
  for (const host of campaign.hosts) {
    const versions = Object.entries({ ...host.runtimeVersions, ...host.tools }).map(([k, v]) => `${k} ${v}`).join(", ");
    const k = host.kubernetes;
    const where = k ? [k.instanceType, k.region].filter(Boolean).join(" in ") || "node" : host.cpuModel ?? "CPU model not reported";
    lines.push(`Host (${host.role}): ${host.os}, kernel ${host.kernel}, ${where}, ${host.vcpus} vCPUs${host.cpuset ? ` (cpuset ${host.cpuset})` : ""}, ${(host.memoryBytes / 2 ** 30).toFixed(1)} GiB; ${versions}${k ? `; RuntimeClass ${k.runtimeClassName ?? "(default)"}${k.runtimeClassHandler ? ` (handler ${k.runtimeClassHandler})` : ""}` : ""}`);
    for (const [runtime, settings] of Object.entries(host.runtimeSettings ?? {})) {
      lines.push(`  ${runtime}: ${Object.entries(settings).map(([k2, v]) => `${k2} ${v}`).join(", ")}`);
    }
  }
  if (campaign.interruption) lines.push(`Stopped early: ${campaign.interruption}`);
  for (const w of campaign.warnings) lines.push(`! ${w.message}`);
  return lines.join("\n");
}

/** The summary table of one guide: per metric and runtime, n, mean ± sd, CV, delta with its 95% interval, verdict. */
export function formatGuideSummary(guide: GuideDefinition, result: GuideResult, campaign: Campaign): string {
  const metrics = summarizeGuide(guide, result, { baseline: campaign.baseline, runtimes: campaign.runtimes, thresholdPercent: campaign.thresholdPercent });
  const rows: string[][] = [];
  for (const m of metrics) {
    m.runtimes.forEach((r, i) => {
      const c = r.comparison;
      const metric = i === 0 ? `${m.label}${m.variant ? ` [${m.variant}]` : ""} (${m.unit}, ${m.direction} is better)` : "";
      if (r.notRunnable) return void rows.push([metric, r.runtime, "0", "", "", "not runnable as defined (below)", ""]);
      rows.push([
        metric,
        r.role === "candidate" ? r.runtime : `${r.runtime} (${r.role})`,
        String(r.stats.n),
        `${formatNumber(r.stats.mean)} ± ${formatNumber(r.stats.sd)}`,
        formatPercent(r.stats.cv * 100, 2).replace("+", ""),
        c ? `${comparisonLabel(r, campaign.baseline)} ${formatPercent(c.deltaPercent)} ${formatInterval(c.ci95Percent.low, c.ci95Percent.high)}` : r.notComparable ? "not comparable (below)" : "",
        c ? c.verdict : "",
      ]);
    });
    if (m.noiseFloor) {
      const nf = m.noiseFloor;
      rows.push(["", `${campaign.baseline} A/A`, String(nf.nCandidate), "", "", `${formatPercent(nf.deltaPercent)} ${formatInterval(nf.ci95Percent.low, nf.ci95Percent.high)}`, "noise floor"]);
    }
  }
  const threads = Object.entries(result.threads.perRuntime).map(([r, t]) => `${r} ${t} on ${result.threads.vcpusSeen[r]} vCPU`).join(", ");
  const out = [
    `${guide.id} — ${guide.title}`,
    `threads: ${threads}${result.threads.oversubscribed ? " (OVERSUBSCRIBED)" : ""}${campaign.guideRuns?.[guide.id] ? ` · ${campaign.guideRuns[guide.id]} runs per runtime` : ""} · parameters: ${JSON.stringify(result.parameters)}`,
    table(["metric", "runtime", "n", "mean ± sd", "CV", "Δ [95% CI]", "verdict"], rows),
  ];
  const modes = [...new Set(result.measurements.map((m) => m.variant).filter((v): v is string => Boolean(v)))];
  if (modes.length === 2) {
    const rows2 = compareModes(guide, result, campaign.runtimes, modes[0]!, modes[1]!, campaign.thresholdPercent).map((c) => [
      c.label, c.runtime, `${formatPercent(c.comparison.deltaPercent)} ${formatInterval(c.comparison.ci95Percent.low, c.comparison.ci95Percent.high)}`, c.comparison.verdict,
    ]);
    out.push(`storage path: ${modes[1]} against ${modes[0]}, within each runtime`, table(["metric", "runtime", `Δ ${modes[1]} vs ${modes[0]} [95% CI]`, "verdict"], rows2));
  }
  const hints = metrics.flatMap((m) => m.runtimes.filter((r) => r.comparison?.verdict === "inconclusive").map((r) => `${m.label}${m.variant ? ` [${m.variant}]` : ""}, ${comparisonLabel(r, campaign.baseline)}: ${r.comparison!.hint}`));
  for (const h of hints) out.push(`  ? ${h}`);
  const notCompared = new Set(metrics.flatMap((m) => m.runtimes.filter((r) => r.notComparable).map((r) => `${r.runtime}${m.variant ? ` [${m.variant}]` : ""} is not compared: ${r.notComparable}.`)));
  for (const line of notCompared) out.push(`  ≠ ${line}`);
  for (const cell of result.notRunnable ?? []) {
    out.push(`  × ${cell.runtime}${cell.variant ? ` [${cell.variant}]` : ""} cannot run this guide as defined: ${cell.reason} The tool said: "${cell.message.split("\n").join(" ")}" (exit ${cell.exitCode}; raw log ${cell.rawLog}${cell.runtimeLog ? `, runtime log ${cell.runtimeLog}` : ""}).`);
  }
  for (const w of result.warnings) out.push(`  ! ${w.message}`);
  return out.join("\n");
}
