import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { isParityError } from "../../../runners/core/errors.ts";
import { verifyPlacement } from "../../../runners/core/placement.ts";
import { splitProbe, wrapWithProbe } from "../../../runners/core/probe.ts";
import { LocalTarget } from "../../../runners/targets/local/local-target.ts";
import { WORKDIR_PREFIX } from "../../../runners/targets/local/oci-runtime.ts";
import { localRuntimes } from "../../../runners/targets/local/runtimes.ts";

// Every container runtime of the local target, from its registry, for real (runc, crun, gVisor and
// its variants): a failing workload reports its exit code, one interrupted mid-run is reported as
// interrupted, and either way nothing of it stays; a workload that shows the runner's own view is
// refused as not having run where it claims.
const containers = localRuntimes.ids().filter((id) => localRuntimes.get(id).isolation !== "none");

/** Containers, sandboxes and work folders of the target labelled `label` that are still there. */
async function leftovers(label: string): Promise<string[]> {
  const left: string[] = [];
  for (const tool of ["runc", "crun"]) {
    const listed = await execa(tool, ["list", "--quiet"], { reject: false });
    left.push(
      ...String(listed.stdout)
        .split("\n")
        .filter((id) => id.startsWith(`parity-${label}-`)),
    );
  }
  const sandboxes = await execa("pgrep", ["-f", `runsc-(sandbox|gofer).*parity-${label}-`], { reject: false });
  left.push(
    ...String(sandboxes.stdout)
      .split("\n")
      .filter(Boolean)
      .map((pid) => `runsc process ${pid}`),
  );
  left.push(...(await readdir(tmpdir())).filter((name) => name.startsWith(WORKDIR_PREFIX)));
  return left;
}

describe.each(containers)("the local target's %s", (runtime) => {
  const label = `every-${runtime}`;

  it("reports a failing workload's exit code and an interrupted one as interrupted, and leaves nothing", async () => {
    const target = new LocalTarget({ label, cpuset: "0" });
    await target.prepare([], [runtime]);
    try {
      expect((await target.exec(runtime, ["sh", "-c", "exit 3"], { label: "fails" })).exitCode).toBe(3);
      // Ctrl-C while the workload runs (or while it starts: either way it must be stopped and removed).
      const abort = new AbortController();
      const running = target.exec(runtime, ["sleep", "60"], { label: "sleeps", signal: abort.signal });
      setTimeout(() => abort.abort(), 2000);
      const error = await running.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isParityError(error, "INTERRUPTED"), String(error)).toBe(true);
    } finally {
      await target.cleanup();
    }
    expect(await leftovers(label)).toEqual([]);
  });

  it("refuses a run whose probe shows the runner's own kernel and namespaces", async () => {
    const target = new LocalTarget({ label: `${label}-proof`, cpuset: "0" });
    await target.prepare([], ["host", runtime]);
    try {
      const onHost = splitProbe((await target.exec("host", wrapWithProbe(["true"]), { label: "host" })).stdout, "host");
      const info = localRuntimes.get(runtime);
      let refused: unknown;
      try {
        verifyPlacement(runtime, info.isolation, onHost.facts, await target.runnerView(), info.proof);
      } catch (error) {
        refused = error;
      }
      expect(isParityError(refused, "WRONG_PLACE"), String(refused)).toBe(true);
      expect(String(refused)).toContain(`Runtime "${runtime}" did not run where it claims`);
    } finally {
      await target.cleanup();
    }
    expect(await leftovers(`${label}-proof`)).toEqual([]);
  });
});
