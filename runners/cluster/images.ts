import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { execa } from "execa";
import { ParityError } from "../core/errors.ts";
import { guides } from "../guides/index.ts";
import { workloadPackages } from "../guides/workload-packages.ts";
import { exists } from "../toolchain/exists.ts";
import { IMAGES } from "../toolchain/versions.ts";
import type { ClusterLayout } from "./layout.ts";

/** The workload image's packages, from the guides' declared tools (`parity containerfile` prints the same list). */
const WORKLOAD_PACKAGES = workloadPackages(guides.all());

async function run(what: string, command: string, args: string[], next: string): Promise<void> {
  const result = await execa(command, args, { reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new ParityError("CLUSTER", {
      what: `${what}: \`${command} ${args.join(" ")}\` failed:`,
      evidence: String(result.all).split("\n").slice(-8).join("\n"),
      next,
    });
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * Writes an OCI image archive of one layer (the root file system, owners and times normalised),
 * named for containerd's import, from a folder.
 */
async function ociArchive(rootfs: string, name: string, config: Record<string, unknown>, out: string): Promise<void> {
  const work = await mkdtemp(`${out}.build-`);
  try {
    const blobs = join(work, "blobs", "sha256");
    await mkdir(blobs, { recursive: true });
    await run(
      `Packing ${name}`,
      "tar",
      ["--sort=name", "--numeric-owner", "--mtime=@0", "-C", rootfs, "-cf", join(work, "layer.tar"), "."],
      "Check the free disk space.",
    );
    const diffId = await sha256File(join(work, "layer.tar"));
    await pipeline(
      createReadStream(join(work, "layer.tar")),
      createGzip({ level: 1 }),
      createWriteStream(join(work, "layer.tar.gz")),
    );
    await rm(join(work, "layer.tar"));
    const blob = async (path: string, mediaType: string) => {
      const digest = await sha256File(path);
      const size = (await stat(path)).size;
      await rename(path, join(blobs, digest));
      return { mediaType, digest: `sha256:${digest}`, size };
    };
    const layer = await blob(join(work, "layer.tar.gz"), "application/vnd.oci.image.layer.v1.tar+gzip");
    await writeFile(
      join(work, "config.json"),
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        config,
        rootfs: { type: "layers", diff_ids: [`sha256:${diffId}`] },
      }),
    );
    const configBlob = await blob(join(work, "config.json"), "application/vnd.oci.image.config.v1+json");
    await writeFile(
      join(work, "manifest.json"),
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: configBlob,
        layers: [layer],
      }),
    );
    const manifest = await blob(join(work, "manifest.json"), "application/vnd.oci.image.manifest.v1+json");
    const annotations = {
      "io.containerd.image.name": name,
      "org.opencontainers.image.ref.name": name.split(":").at(-1)!,
    };
    await writeFile(
      join(work, "index.json"),
      JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest, annotations }] }),
    );
    await writeFile(join(work, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    await run(
      `Archiving ${name}`,
      "tar",
      ["-C", work, "-cf", `${out}.partial`, "oci-layout", "index.json", "blobs"],
      "Check the free disk space.",
    );
    await rename(`${out}.partial`, out);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The workload's root file system: Debian 12 with the guides' tools, as \`parity containerfile\` builds it. */
async function workloadArchive(layout: ClusterLayout, log: (line: string) => void): Promise<string> {
  // Named by its package list: a guide with a new tool builds the image again instead of reusing one without it.
  const packages = createHash("sha256").update(WORKLOAD_PACKAGES.join(",")).digest("hex").slice(0, 12);
  const out = join(layout.images, `parity-workload-${packages}.oci.tar`);
  if (await exists(out)) return out;
  for (const entry of await readdir(layout.images))
    if (/^parity-workload.*\.oci\.tar$/.test(entry)) await rm(join(layout.images, entry), { force: true });
  const rootfs = join(layout.images, "workload-rootfs");
  await rm(rootfs, { recursive: true, force: true });
  log(
    `building the workload image from Debian's packages (${WORKLOAD_PACKAGES.join(", ")}) with debootstrap (once; a ` +
      `few minutes)`,
  );
  await run(
    "Building the workload image",
    "debootstrap",
    [
      "--variant=minbase",
      `--include=${WORKLOAD_PACKAGES.join(",")}`,
      "bookworm",
      rootfs,
      "http://deb.debian.org/debian",
    ],
    "Install debootstrap (apt-get install -y debootstrap) and check that Debian's package mirror is reachable.",
  );
  // What an image leaves out: downloaded packages and package lists.
  for (const dir of ["var/cache/apt/archives", "var/lib/apt/lists"]) {
    for (const entry of await readdir(join(rootfs, dir)).catch(() => []))
      if (entry !== "partial" && entry !== "lock") await rm(join(rootfs, dir, entry), { recursive: true, force: true });
  }
  await ociArchive(
    rootfs,
    IMAGES.workload,
    {
      User: "65534:65534",
      WorkingDir: "/tmp",
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    },
    out,
  );
  await rm(rootfs, { recursive: true, force: true });
  return out;
}

/** The pod sandbox ("pause") image: Debian's static busybox sleeping, as nobody. */
async function pauseArchive(layout: ClusterLayout): Promise<string> {
  const out = join(layout.images, "pause.oci.tar");
  if (await exists(out)) return out;
  const rootfs = join(layout.images, "pause-rootfs");
  await rm(rootfs, { recursive: true, force: true });
  await mkdir(join(rootfs, "bin"), { recursive: true });
  await copyFile("/bin/busybox", join(rootfs, "bin", "busybox")).catch((error) => {
    throw new ParityError(
      "CLUSTER",
      {
        what: "Building the pause image: /bin/busybox is missing",
        next: "install Debian's busybox-static and run `parity cluster up` again",
      },
      { cause: error },
    );
  });
  await ociArchive(
    rootfs,
    IMAGES.pause,
    { Entrypoint: ["/bin/busybox", "sleep", "2147483647"], User: "65535:65535" },
    out,
  );
  await rm(rootfs, { recursive: true, force: true });
  return out;
}

/** Builds both images once and imports them into containerd's Kubernetes namespace (no registry is involved). */
export async function importImages(layout: ClusterLayout, log: (line: string) => void): Promise<void> {
  await mkdir(layout.images, { recursive: true });
  const archives = [await pauseArchive(layout), await workloadArchive(layout, log)];
  for (const archive of archives) {
    await run(
      "Importing an image into containerd",
      "ctr",
      ["--address", layout.socket, "--namespace", "k8s.io", "images", "import", archive],
      "Check containerd's log under the cluster's logs folder.",
    );
  }
}
