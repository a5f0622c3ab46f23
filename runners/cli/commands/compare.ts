import { defineCommand } from "citty";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ParityError } from "../../core/errors.ts";
import { guides } from "../../guides/index.ts";
import { readOutput } from "../../guides/read-output.ts";
import { formatInterval, formatNumber, formatPercent } from "../../report/format.ts";
import { compareReaderRun, explainDifferences, publishedSettings } from "../../stats/reader-compare.ts";
import { metricValues } from "../../stats/summarize.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { pickPublished } from "../../store/pick-published.ts";
import { guarded } from "../guard.ts";
import { dataArg, dataDir } from "../paths.ts";

export const compareCommand = defineCommand({
  meta: { name: "compare", description: "Put your own hand-run output(s) next to the published runs of a guide" },
  args: {
    guide: { type: "positional", required: true, description: `Guide: ${guides.ids().join(", ")}` },
    campaign: { type: "string", description: "Campaign to compare with (default: the published one, the latest complete)" },
    runtime: { type: "string", description: "Runtime to compare with (default: the campaign's baseline)" },
    json: { type: "boolean", default: false, description: "Print the comparison as JSON" },
    ...dataArg,
  },
  run: ({ args }) =>
    guarded(async () => {
      const guide = guides.get(args.guide);
      const files = ((args._ as string[]) ?? []).slice(1);
      if (files.length === 0) throw new ParityError("INVALID_INPUT", "Give at least one file with your output: parity compare GUIDE FILE [FILE...]");
      const readings = [];
      for (const file of files) {
        const text = await readFile(file, "utf8").catch((error: Error) => {
          throw new ParityError("INVALID_INPUT", `Cannot read ${file}: ${error.message}.`, { cause: error });
        });
        readings.push(readOutput(guide, text, basename(file)));
      }
      const store = new CampaignStore(join(dataDir(args.data), "campaigns"));
      const campaign = args.campaign
        ? await store.readCampaign(args.campaign)
        : pickPublished(await Promise.all((await store.list()).map(async (id) => ({ campaign: await store.readCampaign(id) }))), guide.id)?.campaign;
      if (!campaign) throw new ParityError("CAMPAIGN_NOT_FOUND", "No published campaign to compare with. Run `parity run` first or pass --campaign.");
      const runtime = args.runtime ?? campaign.baseline;
      if (!campaign.runtimes.includes(runtime)) throw new ParityError("UNKNOWN_RUNTIME", `Campaign ${campaign.id} has no runtime "${runtime}". Its runtimes: ${campaign.runtimes.join(", ")}.`);
      const result = await store.readGuide(campaign.id, guide.id);
      const [metric, def] = Object.entries(guide.metrics).find(([, d]) => d.compare)!;
      const mine = readings.map((r) => r.metrics[metric]).filter((v): v is number => typeof v === "number");
      const comparison = compareReaderRun(metricValues(result, runtime, metric), mine, def);
      const sample = result.measurements.find((m) => m.runtime === runtime && m.arm === "main");
      const notes = readings.flatMap((r) =>
        explainDifferences(r, { threads: result.threads.perRuntime[runtime], vcpus: sample?.workload.vcpus, kernel: sample?.workload.kernel, toolVersion: sample?.metrics.toolVersion as string | undefined, settings: publishedSettings(guide, sample?.metrics) }).map((n) => `${r.source}: ${n}`),
      );
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ guide: guide.id, metric, campaign: campaign.id, runtime, ...comparison, notes }, null, 2)}\n`);
        return;
      }
      const p = comparison.published;
      process.stdout.write(
        [
          `${guide.title}: ${def.label} (${def.unit}, ${def.direction} is better)`,
          `published  campaign ${campaign.id}, ${runtime}: n ${p.n}, mean ${formatNumber(p.mean)} ± ${formatNumber(p.sd)}; 95% prediction interval for ${mine.length === 1 ? "one new run" : `the mean of ${mine.length} new runs`}: ${formatNumber(p.prediction.low)} … ${formatNumber(p.prediction.high)}`,
          `yours      ${readings.map((r) => `${r.source}: ${formatNumber(r.metrics[metric] as number)}`).join(", ")}${mine.length > 1 ? ` (mean ${formatNumber(comparison.reader.mean)})` : ""}`,
          `difference ${formatPercent(comparison.deltaPercent)} vs the published mean (prediction interval ${formatInterval(((p.prediction.low - p.mean) / p.mean) * 100, ((p.prediction.high - p.mean) / p.mean) * 100)})`,
          `verdict    ${comparison.verdict}: ${comparison.explanation}`,
          ...(notes.length ? ["what differs:", ...notes.map((n) => `  - ${n}`)] : []),
        ].join("\n") + "\n",
      );
    }),
});
