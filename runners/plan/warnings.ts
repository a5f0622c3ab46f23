import { formatNumber } from "../contracts/format-number.ts";
import type { Isolation, RuntimeInfo } from "../contracts/runtime-info.ts";
import { directIoReached } from "../core/direct-io.ts";
import {
  BUSY_PERCENT,
  calibrationReference,
  ranBusy,
  ranSlowed,
  SLOWED_PERCENT,
  wasRerun,
} from "../core/machine-state.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import type { ClockFacts, HostFacts } from "../schemas/campaign.ts";
import type { Warning } from "../schemas/common.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import { coefficientOfVariation } from "../stats/descriptive.ts";
import { separateRegimes } from "../stats/regimes.ts";
import { metricValues } from "../stats/summarize.ts";

/** An arm whose coefficient of variation exceeds this (3%) is flagged as noisy. */
export const HIGH_CV = 0.03;
/** Fewer runs than this per runtime are flagged: an interval from two points says little. */
export const MIN_RUNS = 3;

/** The Linux CPU scheduler a kernel release uses: EEVDF replaced CFS in 6.6. */
export function schedulerOf(kernel: string): "EEVDF" | "CFS" | "unknown" {
  const m = kernel.match(/^(\d+)\.(\d+)/);
  if (!m) return "unknown";
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 6 || (major === 6 && minor >= 6) ? "EEVDF" : "CFS";
}

/** Methodology warnings of one guide's results (the methodology page: threads match vCPUs, confounders are shown). */
export function guideWarnings(
  guide: GuideDefinition,
  result: GuideResult,
  runtimes: readonly string[],
  info: Record<string, Pick<RuntimeInfo, "isolation" | "lacks">> = {},
): Warning[] {
  const isolation = Object.fromEntries(Object.entries(info).map(([id, r]) => [id, r.isolation]));
  const warnings: Warning[] = [];
  const variants = [...new Set(result.measurements.map((m) => m.variant))];
  for (const variant of variants) {
    const where = variant ? ` (${variant})` : "";
    for (const runtime of runtimes) {
      for (const [metric, def] of Object.entries(guide.metrics)) {
        if (!def.compare) continue;
        const values = metricValues(result, runtime, metric, "main", variant);
        const regimes = separateRegimes(values);
        if (regimes) {
          warnings.push({
            code: "regimes",
            guide: guide.id,
            runtime,
            metric,
            message:
              `${def.label} on ${runtime}${where} falls into two regimes (${regimes.low.length} runs at ` +
              `${formatNumber(regimes.low[0]!)}–${formatNumber(regimes.low.at(-1)!)}, ${regimes.high.length} at ` +
              `${formatNumber(regimes.high[0]!)}–${formatNumber(regimes.high.at(-1)!)} ${def.unit}): a mean across ` +
              `them describes neither, so it gets no verdict. The machine or the runtime switches between two ` +
              `states; when the baseline does not, the guide's page says how often each runtime reached each.`,
          });
          continue;
        }
        const cv = coefficientOfVariation(values);
        if (values.length >= 2 && cv > HIGH_CV) {
          warnings.push({
            code: "high-variation",
            guide: guide.id,
            runtime,
            metric,
            message:
              `${def.label} on ${runtime}${where} varies by ${(cv * 100).toFixed(1)}% between runs (CV above ` +
              `${HIGH_CV * 100}%): a difference smaller than that is noise. Quiet the machine or add runs.`,
          });
        }
      }
    }
  }
  warnings.push(
    ...busyWarnings(guide, result),
    ...storageWarnings(guide, result, isolation),
    ...directIoWarnings(guide, result, info),
    ...(guide.warnings?.(result) ?? []),
    ...excludedWarnings(guide, result),
  );
  const kernels = new Map<string, string>();
  const vcpus = new Map<string, number>();
  for (const m of result.measurements) {
    // A user-space kernel (gVisor) reports a version of its own, but its threads are scheduled by the host's kernel.
    if (isolation[m.runtime] !== "user-kernel") kernels.set(m.runtime, m.workload.kernel);
    vcpus.set(m.runtime, m.workload.vcpus);
  }
  if (new Set(kernels.values()).size > 1) {
    warnings.push({
      code: "kernel-differs",
      guide: guide.id,
      message:
        `Runtimes ran on different kernels ` +
        `(${[...kernels].map(([r, k]) => `${r}: ${k}, ${schedulerOf(k)} scheduler`).join("; ")}); part of any ` +
        `difference may come from the kernel and its scheduler, not the runtime.`,
    });
  }
  if (new Set(vcpus.values()).size > 1) {
    warnings.push({
      code: "vcpus-differ",
      guide: guide.id,
      message:
        `Runtimes saw different vCPU counts (${[...vcpus].map(([r, n]) => `${r}: ${n}`).join(", ")}); ` +
        `throughput compares unequal machines.`,
    });
  }
  if (result.threads.oversubscribed) {
    warnings.push({
      code: "oversubscribed",
      guide: guide.id,
      message:
        `More threads than vCPUs were run (${JSON.stringify(result.threads.perRuntime)} threads on ` +
        `${JSON.stringify(result.threads.vcpusSeen)} vCPUs, allowed by --allow-oversubscribe): the result measures ` +
        `the oversubscription, not the runtime.`,
    });
  }
  return warnings;
}

/** The storage path, told from what each run saw (the methodology page: the storage path is part of the result). */
function storageWarnings(guide: GuideDefinition, result: GuideResult, isolation: Record<string, Isolation>): Warning[] {
  const warnings: Warning[] = [];
  const path = (m: GuideResult["measurements"][number]) =>
    m.storage
      ? m.storage.mode === "block"
        ? `block device ${m.storage.driver ?? m.storage.device ?? "?"}`
        : `file on ${m.storage.fsType ?? "?"}`
      : "";
  const byVariant = new Map<string, Map<string, string>>();
  for (const m of result.measurements) {
    if (!m.storage || !m.variant) continue;
    if (!byVariant.has(m.variant)) byVariant.set(m.variant, new Map());
    byVariant.get(m.variant)!.set(m.runtime, path(m));
    if (m.variant === "filesystem" && (isolation[m.runtime] === "vm" || isolation[m.runtime] === "user-kernel")) {
      if (!warnings.some((w) => w.code === "storage-path" && w.runtime === m.runtime)) {
        warnings.push({
          code: "storage-path",
          guide: guide.id,
          runtime: m.runtime,
          message:
            `${m.runtime} wrote through a file system shared into its sandbox (${path(m)}): in a VM-per-pod ` +
            `runtime that path can add a protocol layer (9p, virtiofs) that the runtime's block path does not. ` +
            `Compare it with the block mode before blaming the runtime.`,
        });
      }
    }
    const variant = m.variant;
    if (!directIoReached(m.storage)) {
      if (!warnings.some((w) => w.code === "no-direct-io" && w.runtime === m.runtime && w.message.includes(variant))) {
        warnings.push({
          code: "no-direct-io",
          guide: guide.id,
          runtime: m.runtime,
          message:
            `Direct I/O was not honoured on ${m.runtime}'s ${variant} path: its numbers include the page ` +
            `cache, not the disk.`,
        });
      }
    }
  }
  for (const [variant, paths] of byVariant) {
    if (new Set(paths.values()).size > 1) {
      warnings.push({
        code: "storage-path-differs",
        guide: guide.id,
        message:
          `In ${variant} mode the runtimes wrote through different paths ` +
          `(${[...paths].map(([r, p]) => `${r}: ${p}`).join("; ")}): a faster number through a path that skips a ` +
          `layer is not a faster disk.`,
      });
    }
  }
  return warnings;
}

/**
 * Runs made on a busy or slowed machine, counted per runtime (the methodology page: busy runs flagged),
 * with how many were run again and left out of the statistics.
 */
function busyWarnings(guide: GuideDefinition, result: GuideResult): Warning[] {
  const reference = calibrationReference(result.measurements);
  const byRuntime = new Map<string, { busy: number; slowed: number; rerun: number; runs: number; worst: number }>();
  for (const m of result.measurements.filter((x) => x.arm !== "warmup" && x.environment)) {
    const entry = byRuntime.get(m.runtime) ?? { busy: 0, slowed: 0, rerun: 0, runs: 0, worst: 0 };
    entry.runs++;
    if (ranBusy(m)) {
      entry.busy++;
      entry.worst = Math.max(entry.worst, m.environment!.otherCpuPercent, m.environment!.stealPercent);
    } else if (ranSlowed(m, reference)) entry.slowed++;
    if (wasRerun(m)) entry.rerun++;
    byRuntime.set(m.runtime, entry);
  }
  return [...byRuntime]
    .filter(([, e]) => e.busy + e.slowed > 0)
    .map(([runtime, e]) => {
      const busy = e.busy > 0 ? `; ${e.busy} busy: other processes or the hypervisor took up to ` : "";
      const slowed = e.slowed > 0 ? `; ${e.slowed} slowed: the calibration before the run took more than ` : "";
      return {
        code: "busy-runs",
        guide: guide.id,
        runtime,
        message:
          `${e.busy + e.slowed} of ${e.runs} run(s) on ${runtime} ran on a busy or slowed machine` +
          `${busy && `${busy}${e.worst.toFixed(1)}% of the run's CPUs (more than ${BUSY_PERCENT}%)`}` +
          `${slowed && `${slowed}${SLOWED_PERCENT}% longer than the guide's median`}. ` +
          (e.rerun > 0
            ? `${e.rerun} of them were run again and are left out of the statistics; the others count, noise included.`
            : "Their numbers include that noise; quiet the machine and re-run."),
      };
    });
}

/**
 * A runtime that accepts O_DIRECT inside but does not carry it to the host's disk (gVisor): its
 * file numbers include caches.
 */
function directIoWarnings(
  guide: GuideDefinition,
  result: GuideResult,
  info: Record<string, Pick<RuntimeInfo, "lacks">>,
): Warning[] {
  const runtimes = new Set(
    result.measurements
      .filter((m) => m.variant === "filesystem" && info[m.runtime]?.lacks?.directIo)
      .map((m) => m.runtime),
  );
  return [...runtimes].map((runtime) => ({
    code: "direct-io-not-end-to-end",
    guide: guide.id,
    runtime,
    message:
      `${runtime}'s file I/O is not direct I/O end to end, although the workload's O_DIRECT call succeeded: ` +
      `${info[runtime]!.lacks!.directIo} Its filesystem numbers measure the sandbox's file path and caches, not the ` +
      `disk; they are not comparable with runc's direct I/O.`,
  }));
}

/** Offsets beyond which server timestamps cannot sit beside the runner's without comment. */
export const CLOCK_OFFSET_WARN_MS = 500;
export const CLOCK_DRIFT_WARN_MS = 20;

/**
 * The runner's and the target's clocks: far apart or unstable makes server-time views (the
 * Scheduled event) doubtful.
 */
export function clockWarnings(clock: ClockFacts | undefined): Warning[] {
  if (!clock) return [];
  const warnings: Warning[] = [];
  if (Math.abs(clock.offsetMs) > CLOCK_OFFSET_WARN_MS) {
    warnings.push({
      code: "clock-offset",
      message:
        `The API server's clock is ${Math.round(clock.offsetMs)} ms off the runner's. Watch-observed figures ` +
        `use the runner's clock alone and are unaffected; server timestamps were moved by that offset. Synchronise ` +
        `the runner's clock (NTP) for a tighter cross-check.`,
    });
  }
  if (clock.driftMs > CLOCK_DRIFT_WARN_MS + clock.uncertaintyMs) {
    warnings.push({
      code: "clock-unstable",
      message:
        `The offset to the API server's clock moved by ${clock.driftMs.toFixed(1)} ms between two checks a ` +
        `second apart: server timestamps cannot be placed on the runner's clock reliably. Check the runner's time ` +
        `synchronisation.`,
    });
  }
  return warnings;
}

/** Runs kept but left out of the statistics, counted per runtime. */
function excludedWarnings(guide: GuideDefinition, result: GuideResult): Warning[] {
  const byRuntime = new Map<string, Map<string, number>>();
  for (const m of result.measurements) {
    // Runs left out because they were run again are counted with the busy runs.
    if (!m.excluded || wasRerun(m)) continue;
    const reasons = byRuntime.get(m.runtime) ?? new Map<string, number>();
    reasons.set(m.excluded, (reasons.get(m.excluded) ?? 0) + 1);
    byRuntime.set(m.runtime, reasons);
  }
  return [...byRuntime].map(([runtime, reasons]) => ({
    code: "excluded-runs",
    guide: guide.id,
    runtime,
    message: `${[...reasons]
      .map(([reason, n]) => `${n} run(s) on ${runtime} left out of the statistics: ${reason}`)
      .join("; ")}. They are kept in the results; add runs to keep the sample size.`,
  }));
}

/** How runtimes were set up, where that bounds what the numbers say (gVisor on its slowest platform). */
export function runtimeSettingsWarnings(hosts: readonly HostFacts[]): Warning[] {
  // Production's gvisor moved to ptrace (--gvisor-platform): its numbers are not production's.
  // A runtime that is ptrace by definition (gvisor-ptrace) prices that setting and needs no warning.
  const platform = hosts.map((h) => h.runtimeSettings?.gvisor?.platform).find((p) => p !== undefined);
  if (platform !== "ptrace") return [];
  return [
    {
      code: "gvisor-ptrace",
      runtime: "gvisor",
      message:
        "gVisor ran on its ptrace platform (--gvisor-platform ptrace): gVisor's slowest platform, not what " +
        "production uses (systrap or KVM). Its cost in system-call-heavy work (I/O, startup) is an upper bound for " +
        "gVisor in general.",
    },
  ];
}

/** Campaign-wide warnings that do not belong to one guide. */
export function campaignWarnings(options: { runs: number; quick: boolean; busyStart?: string }): Warning[] {
  const warnings: Warning[] = [];
  if (options.busyStart) {
    warnings.push({
      code: "busy-start",
      message:
        `Started on a busy machine (${options.busyStart}) because it was told to (--allow-busy): runs on a busy ` +
        "machine are made again where the machine is seen busy, but what others did between runs is not known.",
    });
  }
  if (options.runs < MIN_RUNS) {
    warnings.push({
      code: "few-runs",
      message:
        `Only ${options.runs} run(s) per runtime; at least ${MIN_RUNS} are needed for a meaningful interval ` +
        `(default 5).`,
    });
  }
  if (options.quick) {
    warnings.push({
      code: "quick",
      message: "Quick campaign (--quick): shortened benchmarks for smoke tests, not for publication.",
    });
  }
  return warnings;
}
