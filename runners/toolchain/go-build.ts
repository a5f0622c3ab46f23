import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../core/errors.ts";
import type { BuildCache } from "./build-cache.ts";
import { exists } from "./exists.ts";
import { CLUSTER_VERSIONS, KUBERNETES_COMMANDS, KUBERNETES_STAGING_MODULES } from "./versions.ts";

/**
 * The Go module that builds Kubernetes' commands from the module proxy: k8s.io/kubernetes and each
 * staging module at its tag.
 */
export function kubernetesGoMod(): string {
  const replaces = KUBERNETES_STAGING_MODULES.map(
    (m) => `\tk8s.io/${m} => k8s.io/${m} ${CLUSTER_VERSIONS.staging}`,
  ).join("\n");
  return (
    `module parity.local/kubernetes-build\n\ngo 1.24.0\n\nrequire k8s.io/kubernetes ` +
    `${CLUSTER_VERSIONS.kubernetes}\n\nreplace (\n${replaces}\n)\n`
  );
}

/** Linker flags that make the binaries report their release (`kubectl version`, the node's kubelet version). */
function kubernetesLdflags(): string {
  const v = CLUSTER_VERSIONS.kubernetes;
  const [major, minor] = v.slice(1).split(".");
  const base = "k8s.io/component-base/version";
  return [
    `-s -w`,
    `-X ${base}.gitVersion=${v}`,
    `-X ${base}.gitMajor=${major}`,
    `-X ${base}.gitMinor=${minor}`,
    `-X ${base}.gitTreeState=clean`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${v}`,
  ].join(" ");
}

/** A Go command to build: its package and the file name it gets. */
interface Command {
  pkg: string;
  name: string;
}

/** A change to a dependency's source before building it, made in the build's vendor folder. */
interface Adaptation {
  file: string;
  from: string;
  to: string;
}

async function goBuild(
  what: string,
  version: string,
  src: string,
  bin: string,
  goMod: string,
  commands: Command[],
  ldflags: string,
  log: (line: string) => void,
  adapt?: Adaptation,
): Promise<void> {
  const binaries = commands.map((c) => join(bin, c.name));
  if ((await Promise.all(binaries.map(exists))).every(Boolean)) return;
  log(`building ${what} from the Go module proxy into ${bin} (once; about 10 minutes on 2 vCPUs)`);
  await mkdir(src, { recursive: true });
  await writeFile(join(src, "go.mod"), goMod);
  const env = { ...process.env, CGO_ENABLED: "0" };
  const run = async (args: string[]) => {
    const result = await execa("go", args, { cwd: src, env, reject: false, all: true });
    if (result.exitCode !== 0) {
      throw new ParityError("CLUSTER", {
        what: `Building ${what}: \`go ${args.slice(0, 2).join(" ")}\` failed in ${src}:`,
        evidence: String(result.all).split("\n").slice(-15).join("\n"),
        next: "check that the Go module proxy is reachable (go env GOPROXY) and run the command again",
      });
    }
  };
  await run(["get", ...commands.map((c) => `${c.pkg}@${version}`)]);
  let vendor: string[] = [];
  if (adapt) {
    // Vendor the dependencies (the module cache is read-only) and adapt the one line, refusing to
    // build if it is not there.
    await writeFile(
      join(src, "tools.go"),
      `//go:build tools\n\npackage tools\n\nimport (\n${commands.map((c) => `\t_ "${c.pkg}"`).join("\n")}\n)\n`,
    );
    await run(["mod", "vendor"]);
    const file = join(src, "vendor", adapt.file);
    const text = await readFile(file, "utf8");
    if (!text.includes(adapt.from))
      throw new ParityError("CLUSTER", {
        what: `Building ${what}: ${adapt.file} no longer contains "${adapt.from}"`,
        next: "make the pinned version and the adaptation in runners/toolchain/go-build.ts agree",
      });
    await chmod(file, 0o644);
    await writeFile(file, text.replace(adapt.from, adapt.to));
    vendor = ["-mod=vendor"];
  }
  // Build into a fresh folder and move it in whole: a cut-short build never looks complete.
  const partial = `${bin}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  for (const c of commands)
    await run(["build", ...vendor, "-trimpath", "-ldflags", ldflags, "-o", join(partial, c.name), c.pkg]);
  await rm(bin, { recursive: true, force: true });
  await rename(partial, bin);
}

/**
 * Builds (once per version) etcd's companions: kube-apiserver, kube-controller-manager,
 * kube-scheduler, kubelet and kubectl.
 */
export function buildKubernetes(layout: BuildCache, log: (line: string) => void): Promise<void> {
  const commands = KUBERNETES_COMMANDS.map((name) => ({ pkg: `k8s.io/kubernetes/cmd/${name}`, name }));
  return goBuild(
    "Kubernetes",
    CLUSTER_VERSIONS.kubernetes,
    layout.kubernetes.src,
    layout.kubernetes.bin,
    kubernetesGoMod(),
    commands,
    kubernetesLdflags(),
    log,
  );
}

/** Builds (once per version) gVisor's runsc and its containerd shim from the same commit. */
export function buildGvisor(layout: BuildCache, log: (line: string) => void): Promise<void> {
  const goMod = "module parity.local/gvisor-build\n\ngo 1.24.0\n";
  // containerd finds a runtime's shim by name: runtime type io.containerd.runsc.v1 runs containerd-shim-runsc-v1.
  const commands = [
    { pkg: "gvisor.dev/gvisor/runsc", name: "runsc" },
    { pkg: "gvisor.dev/gvisor/shim", name: "containerd-shim-runsc-v1" },
  ];
  // The shim lowers its own OOM score to -999; this machine refuses lowering OOM scores (no
  // CAP_SYS_RESOURCE in effect), so the shim would fail every sandbox. It keeps containerd's score instead.
  const adapt = {
    file: "gvisor.dev/gvisor/pkg/shim/v1/manager.go",
    from: "\toomScoreMax = -999\n",
    to: "\toomScoreMax = 0\n",
  };
  return goBuild(
    "gVisor",
    CLUSTER_VERSIONS.gvisor,
    layout.gvisor.src,
    layout.gvisor.bin,
    goMod,
    commands,
    `-s -w -X gvisor.dev/gvisor/runsc/version.version=${CLUSTER_VERSIONS.gvisor}`,
    log,
    adapt,
  );
}
