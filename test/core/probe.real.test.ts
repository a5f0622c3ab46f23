import { readlink } from "node:fs/promises";
import { release } from "node:os";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { ParseError } from "../../runners/core/errors.ts";
import { splitProbe, wrapWithProbe } from "../../runners/core/probe.ts";

describe("the workload probe", () => {
  it("reports what a real process sees, then runs the wrapped argv untouched", async () => {
    // An argument with spaces, quotes and $ must reach the tool as one argument, unexpanded.
    const tricky = `a "b" $HOME; echo no`;
    const argv = wrapWithProbe(["printf", "%s|", tricky, "two"]);
    const { stdout, exitCode } = await execa(argv[0]!, argv.slice(1));
    expect(exitCode).toBe(0);
    const { facts, toolOutput } = splitProbe(stdout, "test");
    expect(toolOutput).toBe(`${tricky}|two|`);
    const nproc = Number((await execa("nproc")).stdout);
    expect(facts.vcpus).toBe(nproc);
    expect(facts.kernel).toBe(release());
    expect(facts.pidNamespace).toBe(await readlink("/proc/self/ns/pid"));
    expect(facts.memTotalKib).toBeGreaterThan(0);
  });

  it("sees the CPU set it is pinned to", async () => {
    const argv = ["taskset", "-c", "0", ...wrapWithProbe(["true"])];
    const { stdout } = await execa(argv[0]!, argv.slice(1));
    expect(splitProbe(stdout, "test").facts.vcpus).toBe(1);
  });

  it("fails with the place when the probe block is missing or cut", () => {
    expect(() => splitProbe("sysbench 1.0.20\n", "cpu on runc, run 2")).toThrow(ParseError);
    expect(() => splitProbe("sysbench 1.0.20\n", "cpu on runc, run 2")).toThrow(
      /cpu on runc, run 2: the workload did not print the Parity probe block/,
    );
  });

  it("names the field when the probe printed nonsense", () => {
    const text =
      "=== parity probe v1 ===\nvcpus=lots\nkernel=6.1\narch=x86_64\nmemTotalKib=1\npidNamespace=p\n" +
      "mountNamespace=m\ncgroup=0::/\ncpuHypervisorFlag=no\n=== parity probe end ===\n";
    expect(() => splitProbe(text, "probe of host")).toThrow(
      /probe of host: the probe block is not valid:\n\s+- vcpus:/,
    );
  });

  it("reads the interface to the peer when there is one, and says what to install when it cannot", () => {
    const block = (network: string) =>
      "=== parity probe v1 ===\nvcpus=2\nkernel=6.1\narch=x86_64\nmemTotalKib=1\npidNamespace=p\n" +
      `mountNamespace=m\ncgroup=0::/\ncpuHypervisorFlag=no\n${network}=== parity probe end ===\n`;
    expect(splitProbe(block("network.mtu=1500\nnetwork.kind=veth\nnetwork.gsoMaxSize=65536\n"), "x").network).toEqual({
      mtu: 1500,
      kind: "veth",
      gsoMaxSize: 65536,
    });
    expect(splitProbe(block("network.mtu=1500\nnetwork.kind=\nnetwork.gsoMaxSize=\n"), "x").network).toEqual({
      mtu: 1500,
    });
    expect(splitProbe(block(""), "x").network).toBeUndefined();
    // `ip` missing inside: no MTU printed.
    expect(() => splitProbe(block("network.mtu=\nnetwork.kind=\n"), "gvisor, run 1")).toThrow(
      /gvisor, run 1: the network probe is not valid[\s\S]*ip \(iproute2\)/,
    );
  });
});
