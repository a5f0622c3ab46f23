import type { Direction } from "./compare.ts";

/** How one metric is read and compared. */
export interface MetricDefinition {
  /** Short label for tables and charts, e.g. "Events per second". */
  label: string;
  /** Unit as shown to readers, e.g. "events/s", "ms", "MiB/s". */
  unit: string;
  /** Which way is better; absent for facts that are recorded but not compared. */
  direction?: Direction;
  /** Whether the metric gets statistics and a verdict. */
  compare: boolean;
  /** One sentence on what the number means. */
  description: string;
  /** A setting of the run (not a result) that must match for two runs to be comparable, e.g. the prime limit. */
  setting?: boolean;
  /**
   * The metric that carries the guide's verdict; the others are secondary, corrected for
   * multiplicity. Several may be marked, in order of preference: the first with data counts (one
   * per target's metrics, or a fallback where a view is not readable).
   */
  primary?: boolean;
  /** Why the metric is shown but never judged, e.g. "a maximum: one event decides it". */
  descriptive?: string;
  /**
   * The step its values move in, in its unit (1 for whole microseconds): steps as coarse as the
   * threshold get no verdict.
   */
  quantum?: number;
}

/** A guide's metrics by name, all that statistics need of a guide. */
export type MetricSet = Readonly<Record<string, MetricDefinition>>;
