import { getViteConfig } from "astro/config";
import { TESTS } from "./vitest.config.ts";

// The fast tier (npm run test:unit): every test that needs no root, real tool, browser or cluster.
// A test that does is named for it: *.real.test.ts (real tools, runc, runsc, the CLI on this machine),
// *.integration.test.ts, *.faults.test.ts or *.e2e.test.ts (a campaign, a built site in Chromium, a cluster).
export default getViteConfig({
  test: {
    ...TESTS,
    exclude: ["**/node_modules/**", "test/**/*.{real,integration,faults,e2e}.test.ts"],
    // Nothing in this tier touches the machine: files may run side by side.
    fileParallelism: true,
  },
});
