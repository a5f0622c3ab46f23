import { PROBE_BEGIN, PROBE_END } from "../contracts/probe-markers.ts";
import {
  type NetworkFacts,
  NetworkFactsSchema,
  type StorageFacts,
  StorageFactsSchema,
  type WorkloadFacts,
  WorkloadFactsSchema,
} from "../schemas/workload-facts.ts";
import { ParseError } from "./errors.ts";
import { friendlyParse } from "./friendly-parse.ts";

/** The lines around the probe block in a workload's output (and so in its raw log). */
const BEGIN = PROBE_BEGIN;
const END = PROBE_END;

/**
 * POSIX shell that prints what the workload sees from inside (vCPUs, kernel, namespaces,
 * cgroup, hypervisor hints) between two marker lines, then runs the step it wraps through
 * `exec "$@"`: the step's argument vector reaches the tool untouched, never re-parsed.
 */
export const PROBE_SCRIPT = [
  `echo '${BEGIN}'`,
  `echo "vcpus=$(nproc)"`,
  `echo "kernel=$(uname -r)"`,
  `echo "procVersion=$(head -n 1 /proc/version)"`,
  // A user-space kernel's boot log (gVisor: "Starting gVisor..."); empty where dmesg is not allowed.
  `echo "kernelLog=$(dmesg 2>/dev/null | head -n 1)"`,
  `echo "arch=$(uname -m)"`,
  `echo "memTotalKib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"`,
  `echo "pidNamespace=$(readlink /proc/self/ns/pid)"`,
  `echo "mountNamespace=$(readlink /proc/self/ns/mnt)"`,
  `echo "cgroup=$(head -n 1 /proc/self/cgroup)"`,
  `if [ -r /sys/hypervisor/type ]; then echo "hypervisorType=$(cat /sys/hypervisor/type)"; fi`,
  `if grep -qw hypervisor /proc/cpuinfo; then echo cpuHypervisorFlag=yes; else echo cpuHypervisorFlag=no; fi`,
  `echo "cpuModel=$(grep -m 1 '^model name' /proc/cpuinfo | cut -d: -f2-)"`,
  `if [ -r /sys/class/dmi/id/sys_vendor ]; then echo "dmiVendor=$(cat /sys/class/dmi/id/sys_vendor)"; fi`,
  // Whether this workload may use real-time scheduling (SCHED_FIFO): what cyclictest needs.
  `if command -v chrt >/dev/null 2>&1; then if chrt -f 1 true 2>/dev/null; then echo realtime=yes; else echo ` +
    `realtime=no; fi; fi`,
  `echo '${END}'`,
].join("\n");

/**
 * What the workload's scratch storage really is, printed inside the probe block: the file
 * system type and source under a file, or a block device's kernel name and driver, and
 * whether direct I/O is honoured. The path and mode arrive as $1 and $2, never spliced in.
 */
const DIRECT_IO_VERDICT = "then echo storage.directIo=yes; else echo storage.directIo=no; fi";

const STORAGE_SCRIPT = [
  `echo "storage.mode=$2"`,
  `if [ -b "$1" ]; then`,
  `  mm=$(stat -L -c '%t %T' "$1"); majmin=$(printf '%d:%d' "0x\${mm% *}" "0x\${mm#* }")`,
  `  echo "storage.device=$(basename "$(readlink -f /sys/dev/block/$majmin)")"`,
  `  if [ -e /sys/dev/block/$majmin/device/driver ]; then echo "storage.driver=$(basename "$(readlink -f ` +
    `/sys/dev/block/$majmin/device/driver)")"; fi`,
  `  if dd if="$1" of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null; ${DIRECT_IO_VERDICT}`,
  `else`,
  `  dir=$(dirname "$1")`,
  `  echo "storage.fsType=$(findmnt -no FSTYPE -T "$dir" 2>/dev/null || stat -f -c %T "$dir")"`,
  `  echo "storage.source=$(findmnt -no SOURCE -T "$dir" 2>/dev/null)"`,
  `  if dd if=/dev/zero of="$dir/.parity-direct-io" bs=4096 count=1 oflag=direct 2>/dev/null; ${DIRECT_IO_VERDICT}`,
  `  rm -f "$dir/.parity-direct-io"`,
  `fi`,
].join("\n");

/** The variable that carries a peer's address into the workload (the target sets it; see ExecOptions.peer). */
export const PEER_VARIABLE = "PARITY_PEER";

/**
 * The interface the workload reaches its peer through, printed inside the probe block when the target set
 * $PARITY_PEER: its MTU, and its link kind and largest offloaded segment where the workload's kernel shows them.
 */
const NETWORK_SCRIPT = [
  `dev=$(ip route get "$${PEER_VARIABLE}" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)`,
  `link=$(ip -o -d link show dev "$dev")`,
  `echo "network.mtu=$(echo "$link" | sed -n 's/.* mtu \\([0-9]*\\).*/\\1/p')"`,
  `echo "network.kind=$(echo "$link" | grep -o -w -E 'veth|bridge|macvlan|ipvlan|vxlan|geneve' | head -n 1)"`,
  `echo "network.gsoMaxSize=$(echo "$link" | sed -n 's/.* gso_max_size \\([0-9]*\\).*/\\1/p')"`,
].join("\n");

/**
 * The argument vector that runs `argv` behind the probe (with `storage`, the storage probe; with `network`, the
 * network probe, which reads $PARITY_PEER).
 */
export function wrapWithProbe(
  argv: readonly string[],
  storage?: { path: string; mode: string },
  network = false,
): string[] {
  const end = `echo '${END}'`;
  const probe = network ? PROBE_SCRIPT.replace(end, `${NETWORK_SCRIPT}\n${end}`) : PROBE_SCRIPT;
  if (!storage) return ["sh", "-c", `${probe}\nexec "$@"`, "parity-probe", ...argv];
  const script = probe.replace(end, `${STORAGE_SCRIPT}\n${end}`);
  return ["sh", "-c", `${script}\nshift 2\nexec "$@"`, "parity-probe", storage.path, storage.mode, ...argv];
}

/** Runs `argv` first (its first instruction is the workload's first), then the probe. */
export function wrapWithProbeAfter(argv: readonly string[]): string[] {
  return ["sh", "-c", `"$@"\n${PROBE_SCRIPT}`, "parity-probe", ...argv];
}

/**
 * Splits a probed output into the workload facts, the storage facts and the interface to the peer if any, and the
 * wrapped tool's own output. The network facts lack the path, which only the target knows.
 */
export function splitProbe(
  output: string,
  where: string,
): { facts: WorkloadFacts; storage?: StorageFacts; network?: Omit<NetworkFacts, "path">; toolOutput: string } {
  const text = output.replace(/\r\n?/g, "\n");
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) {
    throw new ParseError(
      `${where}: the workload did not print the Parity probe block ("${BEGIN}" … "${END}"); it may not have started ` +
        `or its output was cut.`,
    );
  }
  const raw: Record<string, unknown> = {};
  const storageRaw: Record<string, string> = {};
  const networkRaw: Record<string, string> = {};
  for (const line of text.slice(begin + BEGIN.length, end).split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const [key, value] = [line.slice(0, eq), line.slice(eq + 1).trim()];
    if (key.startsWith("storage.")) storageRaw[key] = value;
    else if (key.startsWith("network.")) networkRaw[key.slice("network.".length)] = value;
    else raw[key] = value;
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
      realtime: raw.realtime === undefined ? undefined : raw.realtime === "yes",
      cpuModel: raw.cpuModel || undefined,
      procVersion: raw.procVersion || undefined,
      kernelLog: raw.kernelLog || undefined,
    },
    `${where}: the probe block`,
    "check that nproc, uname, awk and /proc are available inside the workload",
  );
  const toolOutput = text.slice(0, begin) + text.slice(end + END.length).replace(/^\n/, "");
  const network =
    networkRaw.mtu === undefined
      ? undefined
      : friendlyParse(
          NetworkFactsSchema.omit({ path: true }),
          {
            mtu: Number(networkRaw.mtu) || undefined,
            kind: networkRaw.kind || undefined,
            gsoMaxSize: networkRaw.gsoMaxSize ? Number(networkRaw.gsoMaxSize) : undefined,
          },
          `${where}: the network probe`,
          "check that ip (iproute2) is available inside the workload and that it has a route to its peer",
        );
  if (storageRaw["storage.mode"] === undefined) return { facts, ...(network ? { network } : {}), toolOutput };
  const storage = friendlyParse(
    StorageFactsSchema,
    {
      mode: storageRaw["storage.mode"],
      fsType: storageRaw["storage.fsType"] || undefined,
      source: storageRaw["storage.source"] || undefined,
      device: storageRaw["storage.device"] || undefined,
      driver: storageRaw["storage.driver"] || undefined,
      directIo: storageRaw["storage.directIo"] === "yes",
    },
    `${where}: the storage probe`,
    "check that stat, findmnt and dd are available inside the workload",
  );
  return { facts, storage, ...(network ? { network } : {}), toolOutput };
}
