import { ParseError } from "./errors.ts";
import { friendlyParse } from "./friendly-parse.ts";
import { WorkloadFactsSchema, type WorkloadFacts } from "../schemas/workload-facts.ts";

const BEGIN = "=== parity probe v1 ===";
const END = "=== parity probe end ===";

/**
 * POSIX shell that prints what the workload sees from inside (vCPUs, kernel, namespaces,
 * cgroup, hypervisor hints) between two marker lines, then runs the step it wraps through
 * `exec "$@"`: the step's argument vector reaches the tool untouched, never re-parsed.
 */
export const PROBE_SCRIPT = [
  `echo '${BEGIN}'`,
  `echo "vcpus=$(nproc)"`,
  `echo "kernel=$(uname -r)"`,
  `echo "arch=$(uname -m)"`,
  `echo "memTotalKib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"`,
  `echo "pidNamespace=$(readlink /proc/self/ns/pid)"`,
  `echo "mountNamespace=$(readlink /proc/self/ns/mnt)"`,
  `echo "cgroup=$(head -n 1 /proc/self/cgroup)"`,
  `if [ -r /sys/hypervisor/type ]; then echo "hypervisorType=$(cat /sys/hypervisor/type)"; fi`,
  `if grep -qw hypervisor /proc/cpuinfo; then echo cpuHypervisorFlag=yes; else echo cpuHypervisorFlag=no; fi`,
  `echo "cpuModel=$(grep -m 1 '^model name' /proc/cpuinfo | cut -d: -f2-)"`,
  `if [ -r /sys/class/dmi/id/sys_vendor ]; then echo "dmiVendor=$(cat /sys/class/dmi/id/sys_vendor)"; fi`,
  `echo '${END}'`,
].join("\n");

/** The argument vector that runs `argv` behind the probe. */
export function wrapWithProbe(argv: readonly string[]): string[] {
  return ["sh", "-c", `${PROBE_SCRIPT}\nexec "$@"`, "parity-probe", ...argv];
}

/** Splits a probed output into the workload facts and the wrapped tool's own output. */
export function splitProbe(output: string, where: string): { facts: WorkloadFacts; toolOutput: string } {
  const text = output.replace(/\r\n?/g, "\n");
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new ParseError(`${where}: the workload did not print the Parity probe block ("${BEGIN}" … "${END}"); it may not have started or its output was cut.`);
  }
  const raw: Record<string, unknown> = {};
  for (const line of text.slice(begin + BEGIN.length, end).split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) raw[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  const facts = friendlyParse(
    WorkloadFactsSchema,
    {
      ...raw,
      vcpus: Number(raw.vcpus),
      memTotalKib: Number(raw.memTotalKib),
      cpuHypervisorFlag: raw.cpuHypervisorFlag === "yes",
      hypervisorType: raw.hypervisorType || undefined,
      dmiVendor: raw.dmiVendor || undefined,
      cpuModel: raw.cpuModel || undefined,
    },
    `${where}: the probe block`,
    "check that nproc, uname, awk and /proc are available inside the workload",
  );
  return { facts, toolOutput: text.slice(0, begin) + text.slice(end + END.length).replace(/^\n/, "") };
}
