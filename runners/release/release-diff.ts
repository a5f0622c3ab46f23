import type { GuideDefinition } from "../guides/define-guide.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { type Comparison, compare, type Verdict } from "../stats/compare.ts";
import type { MetricSummary, RuntimeSummary } from "../stats/summarize.ts";

/** A campaign of a release with its guides' statistics, as the store reads it. */
export interface ReleaseCampaign {
  campaign: Campaign;
  guides: ReadonlyArray<{ guide: GuideDefinition; result: GuideResult; summaries: MetricSummary[] }>;
}

/** A version (runtime, tool, kernel, component) that differs between two releases on one target. */
export interface VersionChange {
  target: string;
  what: string;
  before?: string;
  after?: string;
}

/** One runtime's verdict against its campaign's baseline, as a release published it. */
export interface PublishedVerdict {
  verdict: Verdict;
  deltaPercent: number;
  campaign: string;
}

/** One primary cell (target, guide, storage mode, runtime) in both releases. */
export interface CellChange {
  target: string;
  guide: string;
  guideTitle: string;
  metric: string;
  label: string;
  unit: string;
  variant?: string;
  runtime: string;
  /** The runtime's own values, later release against earlier: its change with interval and verdict. */
  change?: Comparison;
  /** Why the two releases' values are not compared, e.g. the method changed. */
  notComparable?: string;
  /** Its verdict against the baseline in each release (absent for the baseline itself). */
  before?: PublishedVerdict;
  after?: PublishedVerdict;
}

/** What changed between two releases: versions, and each primary cell both measured. */
export interface ReleaseDiff {
  before: string;
  after: string;
  versions: VersionChange[];
  cells: CellChange[];
}

const targetOf = (c: Campaign) => c.target.kind;

/** The latest campaign of a release that ran a guide with these parameters on this target. */
function latestRuns(campaigns: readonly ReleaseCampaign[]) {
  const byCell = new Map<string, { campaign: Campaign; view: ReleaseCampaign["guides"][number] }>();
  const ordered = [...campaigns].sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt));
  for (const c of ordered)
    for (const view of c.guides.filter((g) => !c.campaign.historicalGuides?.[g.guide.id]))
      byCell.set(`${targetOf(c.campaign)}|${view.guide.id}|${JSON.stringify(view.result.parameters)}`, {
        campaign: c.campaign,
        view,
      });
  return byCell;
}

/** Versions recorded in a campaign's host facts, by name. */
function versionsOf(c: Campaign): Map<string, string> {
  const versions = new Map<string, string>();
  for (const host of c.hosts) {
    versions.set(`kernel (${host.role})`, host.kernel);
    for (const [runtime, v] of Object.entries(host.runtimeVersions)) versions.set(`runtime ${runtime}`, v);
    for (const [runtime, settings] of Object.entries(host.runtimeSettings ?? {}))
      versions.set(
        `settings of ${runtime}`,
        Object.entries(settings)
          .map(([k, v]) => `${k}=${v}`)
          .join(", "),
      );
    for (const [tool, v] of Object.entries(host.tools)) versions.set(`tool ${tool}`, v);
    if (host.kubernetes) {
      versions.set(`kubelet (${host.role})`, host.kubernetes.kubeletVersion);
      versions.set(`container runtime (${host.role})`, host.kubernetes.containerRuntimeVersion);
    }
  }
  versions.set("measurement method", String(c.method ?? 1));
  return versions;
}

function versionChanges(before: readonly ReleaseCampaign[], after: readonly ReleaseCampaign[]): VersionChange[] {
  const changes: VersionChange[] = [];
  const targets = new Set([...before, ...after].map((c) => targetOf(c.campaign)));
  for (const target of targets) {
    const latest = (cs: readonly ReleaseCampaign[]) =>
      cs
        .filter((c) => targetOf(c.campaign) === target)
        .sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt))
        .at(-1);
    const [b, a] = [latest(before), latest(after)];
    if (!b || !a) continue;
    const [vb, va] = [versionsOf(b.campaign), versionsOf(a.campaign)];
    for (const what of [...new Set([...vb.keys(), ...va.keys()])].sort()) {
      if (vb.get(what) === va.get(what)) continue;
      changes.push({
        target,
        what,
        ...(vb.has(what) ? { before: vb.get(what)! } : {}),
        ...(va.has(what) ? { after: va.get(what)! } : {}),
      });
    }
  }
  return changes;
}

/** Why one guide's runs of two releases cannot be compared as one runtime's before and after; undefined if they can. */
function whyNotComparable(
  b: { campaign: Campaign; view: ReleaseCampaign["guides"][number] },
  a: { campaign: Campaign; view: ReleaseCampaign["guides"][number] },
): string | undefined {
  if (b.campaign.quick !== a.campaign.quick) return "one release ran shortened benchmarks (--quick), the other did not";
  const [mb, ma] = [b.campaign.method ?? 1, a.campaign.method ?? 1];
  if (mb !== ma) return `measured with method ${mb}, then ${ma}: the numbers do not mean the same`;
  if (b.view.result.fingerprint !== a.view.result.fingerprint)
    return "the guide's commands changed between the releases";
  const machine = (c: Campaign) => c.hosts.map((h) => `${h.cpuModel ?? "?"}×${h.vcpus}`).join(", ");
  if (machine(b.campaign) !== machine(a.campaign))
    return `different machines (${machine(b.campaign)}, then ${machine(a.campaign)})`;
  return undefined;
}

const published = (r: RuntimeSummary | undefined, campaign: string): PublishedVerdict | undefined =>
  r?.comparison ? { verdict: r.comparison.verdict, deltaPercent: r.comparison.deltaPercent, campaign } : undefined;

/**
 * Release `after` against release `before`, cell by cell: for each guide both ran on the same target
 * with the same parameters, each runtime's primary metric in the later release against the earlier
 * (same log-scale comparison and threshold as the verdicts, the later campaign's threshold), and
 * each runtime's verdict against its baseline in both.
 */
export function releaseDiff(
  labels: { before: string; after: string },
  before: readonly ReleaseCampaign[],
  after: readonly ReleaseCampaign[],
): ReleaseDiff {
  const cells: CellChange[] = [];
  const [earlier, later] = [latestRuns(before), latestRuns(after)];
  for (const [key, a] of later) {
    const b = earlier.get(key);
    if (!b) continue;
    const reason = whyNotComparable(b, a);
    for (const summary of a.view.summaries.filter((s) => s.primary)) {
      const oldPrimary = b.view.summaries.find((s) => s.primary && s.variant === summary.variant);
      const metricChanged = oldPrimary && oldPrimary.metric !== summary.metric;
      const old = metricChanged
        ? b.view.summaries.find((s) => s.metric === summary.metric && s.variant === summary.variant)
        : oldPrimary;
      for (const r of summary.runtimes) {
        const o = old?.runtimes.find((x) => x.runtime === r.runtime);
        const ranBefore = oldPrimary?.runtimes.some((x) => x.runtime === r.runtime && x.values.length > 0);
        if (r.values.length === 0 || !ranBefore) continue;
        const cell: CellChange = {
          target: targetOf(a.campaign),
          guide: a.view.guide.id,
          guideTitle: a.view.guide.title,
          metric: summary.metric,
          label: summary.label,
          unit: summary.unit,
          ...(summary.variant ? { variant: summary.variant } : {}),
          runtime: r.runtime,
        };
        const pa = published(r, a.campaign.id);
        if (pa) cell.after = pa;
        if (!o || o.values.length === 0) {
          cell.notComparable = `the earlier release's primary metric was ${oldPrimary!.label}, which this one replaced`;
          cells.push(cell);
          continue;
        }
        const pb = published(o, b.campaign.id);
        if (pb) cell.before = pb;
        if (reason) cell.notComparable = reason;
        else
          cell.change = compare(o.values, r.values, {
            direction: summary.direction,
            thresholdPercent: a.campaign.thresholdPercent,
          });
        cells.push(cell);
      }
    }
  }
  return { ...labels, versions: versionChanges(before, after), cells };
}

/** Cells whose verdict against the baseline differs between the releases. */
export function movedVerdicts(diff: ReleaseDiff): CellChange[] {
  return diff.cells.filter((c) => c.before && c.after && c.before.verdict !== c.after.verdict);
}

/** A release: the complete campaigns recorded with its label. */
export interface Release {
  label: string;
  campaigns: ReleaseCampaign[];
}

/**
 * The releases among some campaigns, oldest first (by their first campaign's start): complete
 * campaigns with a release label. Historical ones stay in their release (their cells are then not
 * comparable with a later method's), and so do quick ones (comparable only with quick ones).
 */
export function groupReleases(campaigns: readonly ReleaseCampaign[]): Release[] {
  const releases = new Map<string, ReleaseCampaign[]>();
  const ordered = [...campaigns].sort((a, b) => a.campaign.startedAt.localeCompare(b.campaign.startedAt));
  for (const c of ordered) {
    const { release, status } = c.campaign;
    if (!release || status !== "complete") continue;
    releases.set(release, [...(releases.get(release) ?? []), c]);
  }
  return [...releases].map(([label, cs]) => ({ label, campaigns: cs }));
}

/** Each release against the one before it (the first has none). */
export function diffWithPrevious(releases: readonly Release[], label: string): ReleaseDiff | undefined {
  const i = releases.findIndex((r) => r.label === label);
  if (i <= 0) return undefined;
  const [before, after] = [releases[i - 1]!, releases[i]!];
  return releaseDiff({ before: before.label, after: after.label }, before.campaigns, after.campaigns);
}
