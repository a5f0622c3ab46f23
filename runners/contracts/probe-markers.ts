/** The lines that open and close the probe's block in a workload's output (core/probe.ts prints them). */
export const PROBE_BEGIN = "=== parity probe v1 ===";
export const PROBE_END = "=== parity probe end ===";
