import { getViteConfig } from "astro/config";

// Astro's Vite config lets component tests render .astro files with the Container API.
export default getViteConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests run sysbench and runc for real on a 2-core machine: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
