import { getViteConfig } from "astro/config";
import { HANG_LIMIT_MS } from "./test/helpers/limits.ts";

/** The tests of every tier: `npm test` runs them all, `npm run test:unit` the fast tier (vitest.unit.config.ts). */
export const TESTS = {
  include: ["test/**/*.test.ts"],
  // Integration tests run sysbench and runc for real on a 2-core machine: one file at a time.
  fileParallelism: false,
  // No test is timed: these limits only catch a hang (test/helpers/limits.ts).
  testTimeout: HANG_LIMIT_MS,
  hookTimeout: HANG_LIMIT_MS,
};

// Astro's Vite config lets component tests render .astro files with the Container API.
export default getViteConfig({ test: TESTS });
