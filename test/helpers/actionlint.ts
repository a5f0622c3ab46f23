import { access } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

/** actionlint, the GitHub Actions workflow linter: the version the tests build from the Go module proxy. */
const ACTIONLINT_VERSION = "v1.7.12";

/**
 * The path of actionlint, built once per version with `go install` from the Go module proxy into
 * Parity's build cache (`PARITY_CACHE`, as the cluster's builds).
 */
export async function actionlint(): Promise<string> {
  const bin = join(process.env.PARITY_CACHE ?? "/var/cache/parity", `actionlint-${ACTIONLINT_VERSION}`);
  const path = join(bin, "actionlint");
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return path;
  const built = await execa("go", ["install", `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
    env: { ...process.env, GOBIN: bin, CGO_ENABLED: "0" },
    reject: false,
    all: true,
  });
  if (built.exitCode !== 0) throw new Error(`building actionlint ${ACTIONLINT_VERSION} failed:\n${built.all}`);
  return path;
}
