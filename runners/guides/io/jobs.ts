import type { StorageTarget } from "../define-guide.ts";

/** One fio job of the I/O guide. */
export interface IoJob {
  id: string;
  rw: "randread" | "randwrite" | "read" | "write";
  bs: string;
  /** The job's headline metric: IOPS for small random I/O, bandwidth for large sequential I/O. */
  headline: "iops" | "bwKiBs";
  title: string;
}

/** The four jobs, run one after the other (stonewall), each on all threads (group_reporting). */
export const IO_JOBS: readonly IoJob[] = [
  { id: "randread-4k", rw: "randread", bs: "4k", headline: "iops", title: "4 KiB random read" },
  { id: "randwrite-4k", rw: "randwrite", bs: "4k", headline: "iops", title: "4 KiB random write" },
  { id: "seqread-1m", rw: "read", bs: "1M", headline: "bwKiBs", title: "1 MiB sequential read" },
  { id: "seqwrite-1m", rw: "write", bs: "1M", headline: "bwKiBs", title: "1 MiB sequential write" },
];

/** Options every job shares. */
export interface IoGlobals {
  sizeMiB: number;
  runtimeSeconds: number;
  iodepth: number;
  numjobs: number;
}

function globals(g: IoGlobals, storage: StorageTarget): Array<[string, string]> {
  return [
    ["filename", storage.path],
    ["size", `${g.sizeMiB}M`],
    ["direct", "1"],
    ["ioengine", "libaio"],
    ["time_based", "1"],
    ["runtime", String(g.runtimeSeconds)],
    ["iodepth", String(g.iodepth)],
    ["numjobs", String(g.numjobs)],
    ["group_reporting", "1"],
  ];
}

/** The jobs as fio command-line options (global options first, then one --name per job). */
export function fioArgv(g: IoGlobals, storage: StorageTarget): string[] {
  const argv = ["fio", "--output-format=json"];
  for (const [k, v] of globals(g, storage))
    argv.push(v === "1" && (k === "time_based" || k === "group_reporting") ? `--${k}` : `--${k}=${v}`);
  for (const job of IO_JOBS) argv.push(`--name=${job.id}`, `--rw=${job.rw}`, `--bs=${job.bs}`, "--stonewall");
  return argv;
}

/** One sequential direct write over the region the jobs use: every arm's storage starts fully written. */
export function preconditionArgv(sizeMiB: number, storage: StorageTarget): string[] {
  return [
    "fio",
    "--name=precondition",
    `--filename=${storage.path}`,
    `--size=${sizeMiB}M`,
    "--rw=write",
    "--bs=1M",
    "--direct=1",
    "--ioengine=libaio",
    "--iodepth=16",
  ];
}

/** The same jobs as a fio job file, for readers who prefer `fio jobs.fio --output-format=json`. */
export function fioJobFile(g: IoGlobals, storage: StorageTarget): string {
  const lines = ["[global]", ...globals(g, storage).map(([k, v]) => `${k}=${v}`), ""];
  for (const job of IO_JOBS) lines.push(`[${job.id}]`, `rw=${job.rw}`, `bs=${job.bs}`, "stonewall", "");
  return lines.join("\n");
}
