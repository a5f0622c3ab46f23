import { describe, expect, it } from "vitest";
import { guides } from "../../runners/guides/index.ts";
import { BASE_PACKAGES, workloadContainerfile, workloadPackages } from "../../runners/guides/workload-packages.ts";
import { parity } from "../helpers/cli.ts";

describe("the workload's packages", () => {
  it("are every registered guide's declared tools and the probe's, once each", () => {
    const packages = workloadPackages(guides.all());
    for (const guide of guides.all()) for (const tool of guide.tools) expect(packages).toContain(tool.debianPackage);
    for (const base of BASE_PACKAGES) expect(packages).toContain(base);
    expect(new Set(packages).size).toBe(packages.length);
  });

  it("follow a new guide's tool into the image's Containerfile without another edit", () => {
    const net = {
      tools: [{ binary: "redis-server", debianPackage: "redis-server", versionArgv: ["redis-server", "-v"] }],
    };
    expect(workloadPackages([...guides.all(), net])).toContain("redis-server");
    expect(workloadContainerfile([...guides.all(), net], "1.0.0")).toMatch(
      /install -y --no-install-recommends .*redis-server/,
    );
  });

  it("are what `parity containerfile` installs, on Debian 12, as an unprivileged user", async () => {
    const printed = await parity(["containerfile"]);
    expect(printed.code, printed.stderr).toBe(0);
    const install = /apt-get install -y --no-install-recommends ([a-z0-9. -]+?) \\/.exec(printed.stdout);
    expect(install![1]!.split(" ")).toEqual(workloadPackages(guides.all()));
    expect(printed.stdout).toMatch(/^FROM debian:bookworm-slim$/m);
    expect(printed.stdout).toMatch(/^USER 65534:65534$/m);
  });
});
