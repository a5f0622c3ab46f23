import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ParityError } from "../core/errors.ts";
import { exists } from "../toolchain/exists.ts";
import { IDENTITIES } from "./config-files.ts";
import type { ClusterLayout } from "./layout.ts";

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await execa("openssl", args, { cwd, reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new ParityError("CLUSTER", {
      what: `Creating the cluster's certificates: \`openssl ${args.join(" ")}\` failed in ${cwd}:`,
      evidence: String(result.all).trim(),
      next: "install Debian's openssl and run `parity cluster up` again",
    });
  }
}

/**
 * A certificate authority, a certificate per identity of the cluster (signed by it, valid ten
 * years: the cluster is local and short-lived) and the service-account signing key. Kept across
 * `cluster up`s, so that written kubeconfigs stay valid; `cluster down --purge` removes them.
 */
export async function ensurePki(layout: ClusterLayout): Promise<void> {
  const dir = layout.pki;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await exists(join(dir, "ca.crt")))) {
    await openssl(["genrsa", "-out", "ca.key", "2048"], dir);
    await openssl(
      ["req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=parity-local-ca", "-days", "3650", "-out", "ca.crt"],
      dir,
    );
  }
  for (const id of IDENTITIES) {
    if (await exists(join(dir, `${id.name}.crt`))) continue;
    const subject = `/CN=${id.cn}${"org" in id ? `/O=${id.org}` : ""}`;
    const extensions = [
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth,clientAuth",
      ...("sans" in id ? [`subjectAltName=${id.sans}`] : []),
    ];
    await writeFile(join(dir, `${id.name}.ext`), `${extensions.join("\n")}\n`);
    await openssl(["genrsa", "-out", `${id.name}.key`, "2048"], dir);
    await openssl(["req", "-new", "-key", `${id.name}.key`, "-subj", subject, "-out", `${id.name}.csr`], dir);
    await openssl(
      [
        "x509",
        "-req",
        "-in",
        `${id.name}.csr`,
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "3650",
        "-extfile",
        `${id.name}.ext`,
        "-out",
        `${id.name}.crt`,
      ],
      dir,
    );
  }
  if (!(await exists(join(dir, "sa.key")))) {
    await openssl(["genrsa", "-out", "sa.key", "2048"], dir);
    await openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
  }
}
