import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { BASE_PACKAGES, workloadPackages } from "../../runners/guides/workload-packages.ts";

const containerfile = new URL("../../runners/targets/kubernetes/workload.Containerfile", import.meta.url);

describe("the workload's packages", () => {
  it("are every registered guide's declared tools and the probe's, once each", () => {
    const packages = workloadPackages(guides.all());
    for (const guide of guides.all()) for (const tool of guide.tools) expect(packages).toContain(tool.debianPackage);
    for (const base of BASE_PACKAGES) expect(packages).toContain(base);
    expect(new Set(packages).size).toBe(packages.length);
  });

  it("follow a new guide's tool without another edit", () => {
    const net = { tools: [{ binary: "iperf3", debianPackage: "iperf3", versionArgv: ["iperf3", "--version"] }] };
    expect(workloadPackages([...guides.all(), net])).toContain("iperf3");
  });

  it("are the ones the Containerfile installs, in the same order", async () => {
    const install = /apt-get install -y --no-install-recommends ([a-z0-9. -]+?) \\/.exec(
      await readFile(containerfile, "utf8"),
    );
    expect(install, "the Containerfile's apt-get install line").not.toBeNull();
    expect(install![1]!.split(" ")).toEqual(workloadPackages(guides.all()));
  });
});
