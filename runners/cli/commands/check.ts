import { join } from "node:path";
import * as z from "zod";
import { EXIT_PROBLEMS } from "../../core/errors.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { checkAll } from "../../store/check.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";

export const checkCommand = parityCommand({
  name: "check",
  description: "Validate every results file under data/: schemas, raw logs, complete runs, stale numbers",
  options: z.object({ data: dataOption }),
  run: async (o) => {
    const root = dataDir(o.data);
    const entries = await checkAll(new CampaignStore(join(root, "campaigns")), join(root, "schema"));
    let problems = 0;
    for (const entry of entries) {
      const found = [...entry.problems, ...entry.stale];
      problems += found.length;
      const status = found.length === 0 ? "ok" : `${found.length} problem(s)`;
      process.stdout.write(`${entry.scope}: ${status}\n`);
      for (const p of found) process.stdout.write(`  ✗ ${p.replace(/\n/g, "\n    ")}\n`);
      for (const n of entry.notes) process.stdout.write(`  • ${n}\n`);
    }
    if (problems > 0) process.stderr.write(`parity check: ${problems} problem(s) found.\n`);
    return problems > 0 ? EXIT_PROBLEMS : 0;
  },
});
