import { setTimeout as sleep } from "node:timers/promises";
import { execa, type ResultPromise } from "execa";
import { tail } from "../../contracts/raw-log.ts";
import { ParityError } from "../../core/errors.ts";
import { alive } from "./oci-runtime.ts";

/** Names of the namespaces a runner makes: `parity-net-<runner pid>-<n>-peer` and `…-work`. */
const PREFIX = `parity-net-${process.pid}-`;
const NAME = /^parity-net-([0-9]+)-[0-9]+-(?:peer|work)$/;

/**
 * The two ends of the link. Each namespace holds only its own end, so the addresses cannot clash with the
 * machine's, and no name is visible outside the namespaces.
 */
export const PEER_ADDRESS = "10.213.0.1";
const WORKLOAD_ADDRESS = "10.213.0.2";

/** How the path reads in results: the same for every runtime of the local target. */
export const LOCAL_NETWORK_PATH = "veth pair between two network namespaces of this machine; peer: a host process";

/** How long a peer's servers may take to stop once asked to. */
const STOP_TIMEOUT_MS = 5_000;

/** How long a peer's servers may take to listen. */
const LISTEN_TIMEOUT_MS = 10_000;

/** The namespaces of one run: the peer's and the workload's, joined by a veth pair (`peer0` ↔ `eth0`). */
export interface NamespacePair {
  peer: string;
  workload: string;
  /** The workload's namespace as a runtime joins it (the OCI spec's `path`). */
  workloadPath: string;
}

function ip(args: string[]): Promise<unknown> {
  return execa("ip", args);
}

/** Makes a fresh pair for one run: a sandbox that takes over its interface (gVisor) leaves it unusable after. */
export async function createPair(sequence: number): Promise<NamespacePair> {
  const pair = { peer: `${PREFIX}${sequence}-peer`, workload: `${PREFIX}${sequence}-work` };
  try {
    await ip(["netns", "add", pair.peer]);
    await ip(["netns", "add", pair.workload]);
    await ip(["-n", pair.peer, "link", "add", "peer0", "type", "veth", "peer", "name", "eth0", "netns", pair.workload]);
    await ip(["-n", pair.peer, "addr", "add", `${PEER_ADDRESS}/30`, "dev", "peer0"]);
    await ip(["-n", pair.workload, "addr", "add", `${WORKLOAD_ADDRESS}/30`, "dev", "eth0"]);
    for (const [ns, dev] of [
      [pair.peer, "peer0"],
      [pair.peer, "lo"],
      [pair.workload, "eth0"],
      [pair.workload, "lo"],
    ] as const)
      await ip(["-n", ns, "link", "set", dev, "up"]);
  } catch (error) {
    await removePair(pair);
    throw new ParityError("TOOL_FAILED", {
      what: `Making the network namespaces of a run failed (${(error as Error).message.split("\n")[0]})`,
      next: "run as root with iproute2 installed (`apt-get install iproute2`) and veth support in the kernel",
    });
  }
  return { ...pair, workloadPath: `/var/run/netns/${pair.workload}` };
}

/** Deletes both namespaces, which deletes the veth pair; a namespace already gone is fine. */
export async function removePair(pair: { peer: string; workload: string }): Promise<void> {
  for (const ns of [pair.peer, pair.workload]) await execa("ip", ["netns", "delete", ns], { reject: false });
}

/** A peer's servers, running in their namespace until stopped. */
export interface RunningPeer {
  /** Stops every process of the peer and returns what they printed. */
  stop(): Promise<string>;
}

/**
 * Starts `argv` in the peer's namespace on `cpuset`, in a process group of its own (a server may start others), and
 * waits until each of `ports` listens there.
 */
export async function startPeer(
  pair: NamespacePair,
  argv: readonly string[],
  ports: readonly number[],
  cpuset: string,
): Promise<RunningPeer> {
  const child: ResultPromise<{ all: true; reject: false; detached: true }> = execa(
    "ip",
    ["netns", "exec", pair.peer, "taskset", "-c", cpuset, ...argv],
    { all: true, reject: false, detached: true },
  );
  // SIGTERM first, so that a server's parent reaps its children (an orphan's CPU time would count as another
  // process's), then SIGKILL for the whole group if anything is left.
  const signal = (name: NodeJS.Signals, pid: number) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  const stop = async () => {
    if (child.pid !== undefined) {
      signal("SIGTERM", child.pid);
      const killer = setTimeout(() => signal("SIGKILL", -child.pid!), STOP_TIMEOUT_MS);
      await child;
      clearTimeout(killer);
      signal("SIGKILL", -child.pid);
    }
    return String((await child).all ?? "");
  };
  const deadline = Date.now() + LISTEN_TIMEOUT_MS;
  let ended = false;
  void child.then(() => {
    ended = true;
  });
  for (;;) {
    const listening = await execa("ip", ["netns", "exec", pair.peer, "ss", "-Htln"], { reject: false });
    const open = new Set(
      String(listening.stdout)
        .match(/:(\d+)\s/g)
        ?.map((m) => Number(m.slice(1))),
    );
    if (ports.every((p) => open.has(p))) return { stop };
    if (ended || Date.now() > deadline) {
      const output = await stop();
      throw new ParityError("TOOL_FAILED", {
        what:
          `The peer \`${argv.join(" ")}\` did not listen on port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} ` +
          `${ended ? "before it ended" : `within ${LISTEN_TIMEOUT_MS / 1000} s`}`,
        evidence: tail(output) || "(no output)",
        next: "run the peer's command by hand (see the guide's page) to see why it does not listen",
      });
    }
    await sleep(50);
  }
}

/** Deletes every Parity namespace for which `doomed(runner pid, name)` holds; `ip netns list` names one per line. */
async function deleteNamespaces(doomed: (pid: number) => boolean): Promise<void> {
  const listed = await execa("ip", ["netns", "list"], { reject: false });
  for (const line of String(listed.stdout).split("\n")) {
    const name = line.split(" ")[0] ?? "";
    const pid = Number(name.match(NAME)?.[1]);
    if (pid && doomed(pid)) await execa("ip", ["netns", "delete", name], { reject: false });
  }
}

/** Deletes the namespaces of runners that died before their clean-up. */
export function reapNamespaces(): Promise<void> {
  return deleteNamespaces((pid) => pid !== process.pid && !alive(pid));
}

/** Deletes the namespaces this runner made and has not deleted yet (a clean-up after an interrupted run). */
export function removeOwnNamespaces(): Promise<void> {
  return deleteNamespaces((pid) => pid === process.pid);
}
