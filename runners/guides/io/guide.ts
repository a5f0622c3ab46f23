// A namespace import lets the bundler keep only the parts of zod in use (the browser panel loads these modules).
import * as z from "zod";
import { defineGuide, type MetricDefinition } from "../define-guide.ts";
import { fioArgv, fioJobFile, IO_JOBS, preconditionArgv } from "./jobs.ts";
import { fioStorageMode, parseFioOutput } from "./parse-fio.ts";

/** Parameters of the I/O guide. */
export const IoParametersSchema = z.object({
  sizeMiB: z
    .number()
    .int()
    .min(16)
    .max(1_048_576)
    .default(1024)
    .describe("Size of the file or device region each job works on, in MiB, e.g. `1024`."),
  runtimeSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(5)
    .describe("Length of each of the four jobs in seconds, e.g. `5`."),
  iodepth: z
    .number()
    .int()
    .min(1)
    .max(1024)
    .default(16)
    .describe("I/Os in flight per thread (fio `iodepth`), e.g. `16`."),
});

function jobMetrics(): Record<string, MetricDefinition> {
  const out: Record<string, MetricDefinition> = {};
  for (const job of IO_JOBS) {
    out[`${job.id}.iops`] = {
      label: `${job.title}: IOPS`,
      unit: "IOPS",
      direction: "higher",
      compare: job.headline === "iops",
      primary: job.id === "randread-4k",
      description: `I/O operations per second of the ${job.title} job, all threads together.`,
    };
    out[`${job.id}.bwKiBs`] = {
      label: `${job.title}: bandwidth`,
      unit: "KiB/s",
      direction: "higher",
      compare: job.headline === "bwKiBs",
      description: `Bandwidth of the ${job.title} job.`,
    };
    out[`${job.id}.clatMeanUs`] = {
      label: `${job.title}: mean latency`,
      unit: "µs",
      direction: "lower",
      compare: false,
      description: "Mean completion latency.",
    };
    out[`${job.id}.clatP50Us`] = {
      label: `${job.title}: p50 latency`,
      unit: "µs",
      direction: "lower",
      compare: false,
      description: "Median completion latency.",
    };
    out[`${job.id}.clatP99Us`] = {
      label: `${job.title}: p99 latency`,
      unit: "µs",
      direction: "lower",
      compare: job.headline === "iops",
      description: "99th percentile of completion latency.",
    };
    out[`${job.id}.clatP999Us`] = {
      label: `${job.title}: p99.9 latency`,
      unit: "µs",
      direction: "lower",
      compare: false,
      description: "99.9th percentile of completion latency.",
    };
  }
  return out;
}

/**
 * Disk I/O with fio: random 4 KiB and sequential 1 MiB, read and write, direct I/O, through a
 * recorded storage path.
 */
export const ioGuide = defineGuide({
  id: "io",
  // 2: storage is written whole before the first run (precondition).
  version: 2,
  title: "Disk I/O (fio)",
  summary:
    "Four fio jobs with direct I/O on every vCPU the workload sees, through a file system and through a raw block " +
    "device: the storage path matters more than the runtime.",
  fixtures: "fio",
  tools: [{ binary: "fio", debianPackage: "fio", versionArgv: ["fio", "--version"] }],
  parameters: IoParametersSchema,
  quick: { sizeMiB: 64, runtimeSeconds: 1 },
  estimateSeconds: (p) => p.runtimeSeconds * IO_JOBS.length + 1,
  storage: { modes: ["filesystem", "block"], sizeMiB: (p) => p.sizeMiB, modeOf: fioStorageMode },
  precondition: {
    title:
      "Write the whole scratch file or device region once, before the first run, so that no run reads never-written " +
      "(sparse) blocks",
    argv: (p) => preconditionArgv(p.sizeMiB, p.storage ?? { mode: "filesystem", path: "SCRATCH" }),
  },
  readerFile: (p) => ({
    name: "jobs.fio",
    lang: "ini",
    howTo:
      "Or as a fio job file (the same jobs and options; put your file or device in filename), run with fio jobs.fio " +
      "--output-format=json:",
    text: fioJobFile(
      { sizeMiB: p.sizeMiB, runtimeSeconds: p.runtimeSeconds, iodepth: p.iodepth, numjobs: p.threads },
      p.storage ?? { mode: "block", path: "/dev/YOUR-DEVICE" },
    ),
  }),
  steps: [
    {
      id: "fio",
      title: "Run the four fio jobs on the scratch file or device, one thread per vCPU",
      argv: (p) => {
        // The storage path is chosen per run by the target; the fingerprint renders a placeholder.
        const storage = p.storage ?? { mode: "filesystem" as const, path: "SCRATCH" };
        return fioArgv(
          { sizeMiB: p.sizeMiB, runtimeSeconds: p.runtimeSeconds, iodepth: p.iodepth, numjobs: p.threads },
          storage,
        );
      },
      parse: (output) => parseFioOutput(output),
    },
  ],
  importNotes: (m) => {
    const missing = IO_JOBS.filter((j) => m[`${j.id}.iops`] === undefined && m[`${j.id}.read.iops`] === undefined);
    return missing.length === 0 || missing.length === IO_JOBS.length
      ? []
      : [
          `Your output has no job named ${missing.map((j) => `${j.id} (${j.title})`).join(", ")}: the guide runs ` +
            `${IO_JOBS.length} jobs, so those are not compared.`,
        ];
  },
  metrics: {
    ...jobMetrics(),
    toolVersion: { label: "fio version", unit: "", compare: false, description: "Version from fio's JSON." },
    latencyKind: {
      label: "Latency percentiles of",
      unit: "",
      compare: false,
      description: "`clat` (completion) or `lat` (total, with lat_percentiles=1).",
    },
  },
});
