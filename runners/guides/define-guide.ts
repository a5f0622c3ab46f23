import type { z } from "zod";
import type { PodLifecycle } from "../contracts/pod-lifecycle.ts";
import type { StorageMode, Warning } from "../schemas/common.ts";
import type { GuideResult } from "../schemas/guide-result.ts";
import type { MetricDefinition, MetricSet } from "../stats/metric.ts";

export type { MetricDefinition };

/** A tool the guide runs inside the workload, and where a reader gets it. */
export interface ToolRequirement {
  /** Binary looked up on PATH, e.g. "sysbench". */
  binary: string;
  /** Debian package that provides it, named in "tool missing" errors. */
  debianPackage: string;
  /** Command that prints the version, e.g. ["sysbench", "--version"]. */
  versionArgv: string[];
}

export type { StorageMode };

/** The scratch storage a step writes to, as the workload sees it. */
export interface StorageTarget {
  mode: StorageMode;
  /** A file on a mounted file system, or a block device node. */
  path: string;
}

/**
 * Parameters a step receives: the guide's own, the thread count matched to the vCPUs, and its
 * storage if it needs one.
 */
export type StepParameters<P> = P & { threads: number; storage?: StorageTarget };

/** A file a reader can run instead of the commands, with a sentence on how. */
export interface ReaderFile {
  /** File name, e.g. "jobs.fio". */
  name: string;
  /** Language of the file for syntax highlighting, e.g. "ini". */
  lang: string;
  /** How to use it, as one sentence of HTML-free text. */
  howTo: string;
  text: string;
}

/** One command of a guide, as an argument vector (never a shell string). */
export interface GuideStep<P> {
  id: string;
  /** What the step does, as a reader would say it. */
  title: string;
  argv(params: StepParameters<P>): string[];
  /** Reads the step's output into metrics; throws ParseError on anything it cannot read. */
  parse(output: string, context?: StepContext): Record<string, number | string>;
  /** A next step for a failed run, read from its stderr, e.g. the privilege a tool lacked. */
  hint?(stderr: string): string | undefined;
}

/** What the runner saw of a step from outside: wall-clock marks in epoch milliseconds (fractional). */
export interface StepContext {
  /** Just before the runner asked the runtime to start the workload. */
  requestedAt?: number;
  /** When the runtime reported the workload's exit. */
  exitedAt?: number;
  /** The guide's parameters the step ran with (defaults for an imported output). */
  params?: Record<string, unknown>;
  /** True when `params` are the ones the step really ran with (a Parity run), not an import's defaults. */
  ran?: boolean;
  /** The command line a Parity raw log records in its header, when an import reads one: it names what ran. */
  command?: string;
  /** A pod's timeline from creation to Ready, for guides with `readiness` on Kubernetes. */
  lifecycle?: PodLifecycle;
}

/** A benchmark guide: documented and executable from the same definition. */
export interface GuideDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Stable id used on the command line and in file names, e.g. "cpu". */
  id: string;
  /** Bumped when parsing or semantics change in a way the commands do not show. */
  version: number;
  title: string;
  /** One sentence on what the guide measures. */
  summary: string;
  tools: ToolRequirement[];
  /** zod schema of the parameters, every field with a default. */
  parameters: S;
  /** Parameter overrides of `--quick` (short smoke runs). */
  quick: Partial<z.input<S>>;
  /** Approximate seconds one run takes, for the progress estimate. */
  estimateSeconds(params: z.output<S>): number;
  steps: ReadonlyArray<GuideStep<z.output<S>>>;
  metrics: MetricSet;
  /**
   * The guide's storage dimension, absent for guides without storage: it runs once per mode
   * (I/O: through a file system and through a raw block device), on scratch storage of
   * `sizeMiB` per runtime and mode.
   */
  storage?: {
    modes: readonly StorageMode[];
    sizeMiB(params: z.output<S>): number;
    /** The mode a hand-run output used, read from the output itself, so that it is compared with its own path. */
    modeOf(output: string): StorageMode;
  };
  /**
   * Prepares fresh scratch storage alike for every runtime and mode, once, before its first run
   * (warm-up included): e.g. writes it whole, so that no run reads a never-written, sparse region.
   */
  precondition?: { title: string; argv(params: StepParameters<z.output<S>>): string[] };
  /**
   * `after`: the workload's first act is the step itself (a clock reading) and the probe runs
   * after it; by default the probe runs first. Startup timing needs `after`.
   */
  probe?: "before" | "after";
  /**
   * The workload must be allowed real-time scheduling: targets grant CAP_SYS_NICE (and, on
   * cgroup v1 with RT group scheduling, a real-time budget), and nothing else.
   */
  realtime?: boolean;
  /**
   * A server the workload talks to (network): the target starts it beside every run, the same for every runtime, and
   * the step reaches it at $PARITY_PEER. Its ports must all accept before the workload starts.
   */
  peer?: { title: string; argv: readonly string[]; ports: readonly number[] };
  /**
   * Start the workload until it is Ready, not until it exits: on Kubernetes its pod gets a
   * readiness probe and is followed to Ready (pod startup); locally it runs to its exit.
   */
  readiness?: boolean;
  /**
   * The folder under test/fixtures/ that holds real outputs of the guide's tool, of several
   * versions, each with a note of its origin: the parser tests, fuzzing and the browser panel's
   * tests read every file in it. Every guide of the registry declares it (a test checks).
   */
  fixtures?: string;
  /** Another way for a reader to run the steps, shown on the guide page, e.g. the same fio jobs as a job file. */
  readerFile?(params: StepParameters<z.output<S>>): ReaderFile;
  /** Runs per runtime when `--runs` is not given, for guides whose tail needs more samples (startup: 20). */
  defaultRuns?: number;
  /** How many runs of one runtime start at once (a startup burst); default 1, one after the other. */
  concurrency?(params: z.output<S>): number;
  /**
   * Warnings of the guide's own, from its results (e.g. jitter figures that are only bounds),
   * beside the generic ones.
   */
  warnings?(result: GuideResult): Warning[];
  /**
   * Why a run's sample must stay out of the statistics (e.g. it included an image pull); such runs
   * are kept and counted.
   */
  exclude?(metrics: Record<string, number | string>): string | undefined;
  /**
   * Metrics that runs recorded before the metric existed lack, derived exactly from those they
   * stored (never estimated), so that reports read older campaigns with today's metrics. What a run
   * stored always wins.
   */
  derive?(metrics: Readonly<Record<string, number | string>>): Record<string, number>;
  /** What a hand-run output read by `parity import` lacks of what the guide measures, one note each. */
  importNotes?(metrics: Readonly<Record<string, number | string>>): string[];
}

/**
 * Checks a guide literal against its own parameters' type (each step's `argv` gets the parsed
 * parameters of its schema), then returns it as a plain `GuideDefinition`, the type the registry,
 * the runner and the site hold every guide as. The widening is safe because every caller passes
 * parameters parsed by the guide's own schema; it is done here once, so that no guide, registry or
 * test needs a cast of its own.
 */
export function defineGuide<S extends z.ZodObject>(guide: GuideDefinition<S>): GuideDefinition {
  return guide as unknown as GuideDefinition;
}
