/**
 * The only wall-clock limits in the tests. They catch a hang, never a slow machine: each is many
 * times what the step takes on a busy 2-core machine, so a test fails on one only when something
 * stopped making progress.
 */

/** Any test or hook: a real campaign, a site build, a browser session. */
export const HANG_LIMIT_MS = 30 * 60_000;

/** `parity cluster up` on a fresh machine: it builds Kubernetes and gVisor from the Go module proxy first. */
export const CLUSTER_BUILD_HANG_LIMIT_MS = 75 * 60_000;
