import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { splitProbe, wrapWithProbe } from "../../../runners/core/probe.ts";
import { networkGuide } from "../../../runners/guides/network/guide.ts";
import { LocalTarget } from "../../../runners/targets/local/local-target.ts";
import type { PeerRequest } from "../../../runners/targets/target.ts";

const PEER: PeerRequest = { argv: networkGuide.peer!.argv, ports: networkGuide.peer!.ports, runtime: "runc" };

async function namespaces(label: string): Promise<string[]> {
  const listed = String((await execa("ip", ["netns", "list"])).stdout);
  return listed.split("\n").filter((line) => line.startsWith(`parity-net-${process.pid}-`) && label !== "");
}

/** iperf3 and sockperf processes of this machine's own, not of a Kubernetes pod that may run meanwhile. */
async function servers(): Promise<string[]> {
  const found = String((await execa("pgrep", ["-x", "iperf3|sockperf"], { reject: false })).stdout);
  const mine: string[] = [];
  for (const pid of found.split("\n").filter(Boolean)) {
    const cgroup = await readFile(`/proc/${pid}/cgroup`, "utf8").catch(() => "kubepods");
    if (!cgroup.includes("kubepods")) mine.push(pid);
  }
  return mine;
}

describe("a run with a peer on this machine", () => {
  it("reaches one peer from host, runc and gVisor over a veth pair, records the interface, leaves none", async () => {
    const target = new LocalTarget({ label: "net-peer" });
    await target.prepare([], ["host", "runc", "gvisor"]);
    const seen: Record<string, unknown> = {};
    try {
      const script = wrapWithProbe(["sh", "-c", 'iperf3 -c "$PARITY_PEER" -t 1 | tail -n 3'], undefined, true);
      for (const runtime of ["host", "runc", "gvisor"]) {
        const result = await target.exec(runtime, script, { label: runtime, peer: PEER });
        expect(result.exitCode, result.stderr).toBe(0);
        const { network, toolOutput } = splitProbe(result.stdout, runtime);
        expect(toolOutput).toMatch(/receiver/);
        expect(result.peer?.path).toMatch(/veth pair between two network namespaces/);
        // The peer printed the connection it served.
        expect(result.peer?.output).toMatch(/Accepted connection from/);
        seen[runtime] = network;
      }
    } finally {
      await target.cleanup();
    }
    expect(seen.host).toEqual({ mtu: 1500, kind: "veth", gsoMaxSize: expect.any(Number) });
    expect(seen.runc).toEqual(seen.host);
    // gVisor's own stack drives the interface: the same MTU, no veth to be seen from inside.
    expect(seen.gvisor).toEqual({ mtu: 1500 });
    expect(await namespaces("net-peer")).toEqual([]);
    expect(await servers()).toEqual([]);
  }, 120_000);

  it("fails with the peer's words when it never listens, and leaves nothing", async () => {
    const target = new LocalTarget({ label: "net-deaf" });
    await target.prepare([], ["host"]);
    try {
      const deaf: PeerRequest = { argv: ["sh", "-c", "echo no server here; exit 3"], ports: [5201], runtime: "runc" };
      const error = await target.exec("host", ["true"], { label: "x", peer: deaf }).catch((e: unknown) => e);
      expect(String(error)).toMatch(/did not listen on port 5201 before it ended[\s\S]*no server here/);
    } finally {
      await target.cleanup();
    }
    expect(await namespaces("net-deaf")).toEqual([]);
  });
});
