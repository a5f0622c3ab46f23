/**
 * The only wall-clock limits in the tests. They catch a hang, never a slow machine: each is many
 * times what the step takes on a busy 2-core machine, so a test fails on one only when something
 * stopped making progress.
 */

/** Any test or hook: a real campaign, a site build, a browser session. */
export const HANG_LIMIT_MS = 30 * 60_000;

/** `parity cluster up` on a fresh machine: it builds Kubernetes and gVisor from the Go module proxy first. */
export const CLUSTER_BUILD_HANG_LIMIT_MS = 75 * 60_000;

/** How long `until` polls: a condition a busy machine reaches in minutes (a quiet wait, a pod start). */
export const WAIT_HANG_LIMIT_MS = 10 * 60_000;

/**
 * Polls `condition` every 50 ms until it holds; only a hang (WAIT_HANG_LIMIT_MS) fails, naming
 * what was awaited. Every wait in the tests goes through here: a slow or busy machine only waits longer.
 */
export async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + WAIT_HANG_LIMIT_MS;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not reached within ${WAIT_HANG_LIMIT_MS / 60_000} minutes (a hang, not a slow machine)`);
}
