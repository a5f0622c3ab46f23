import { basename, join } from "node:path";
import * as z from "zod";
import { formatInterval, formatNumber, formatPercent } from "../../contracts/format-number.ts";
import { ParityError } from "../../core/errors.ts";
import { withDerivedMetrics } from "../../guides/derived-metrics.ts";
import { guides } from "../../guides/index.ts";
import { readOutput } from "../../guides/read-output.ts";
import { readerBasis } from "../../report/reader-basis.ts";
import { compareWithBasis } from "../../report/reader-comparison.ts";
import { publishedSide } from "../../stats/reader-compare.ts";
import { verdictSettings } from "../../stats/sequential-plan.ts";
import { summarizeGuide } from "../../stats/summarize.ts";
import { CampaignStore } from "../../store/campaign-store.ts";
import { pickPublishedForGuide } from "../../store/pick-published.ts";
import { cliMeta, storageModeOption } from "../command-options.ts";
import { parityCommand } from "../parity-command.ts";
import { dataDir, dataOption } from "../paths.ts";
import { readInput } from "../read-input.ts";

export const compareCommand = parityCommand({
  name: "compare",
  description: "Put your own hand-run output(s) next to the published runs of a guide",
  options: z.object({
    guide: z
      .string()
      .describe(`Guide: ${guides.ids().join(", ")}`)
      .register(cliMeta, { positional: true }),
    campaign: z
      .string()
      .optional()
      .describe("Campaign to compare with (default: the published record's, as the site shows it)"),
    runtime: z.string().optional().describe("Runtime to compare with (default: the campaign's baseline)"),
    storage: storageModeOption
      .optional()
      .describe("I/O guide: the storage mode your run used, filesystem or block (default: the one your output names)"),
    json: z.boolean().default(false).describe("Print the comparison as JSON"),
    data: dataOption,
  }),
  run: async (o, positionals) => {
    const guide = guides.get(o.guide);
    const files = positionals.slice(1);
    if (files.length === 0)
      throw new ParityError("INVALID_INPUT", {
        what: "parity compare got no file with your output",
        next: "give at least one: parity compare GUIDE FILE [FILE...]",
      });
    const readings = [];
    for (const file of files) {
      const text = await readInput(file);
      readings.push(readOutput(guide, text, basename(file)));
    }
    const store = new CampaignStore(join(dataDir(o.data), "campaigns"));
    const campaign = o.campaign
      ? await store.readCampaign(o.campaign)
      : pickPublishedForGuide(
          await Promise.all((await store.list()).map(async (id) => ({ campaign: await store.readCampaign(id) }))),
          guide.id,
        )?.campaign;
    if (!campaign)
      throw new ParityError("CAMPAIGN_NOT_FOUND", {
        what: "No published campaign to compare with",
        next: "run `parity run` first or pass --campaign",
      });
    const runtime = o.runtime ?? campaign.baseline;
    if (!campaign.runtimes.includes(runtime))
      throw new ParityError("UNKNOWN_RUNTIME", {
        what: `Campaign ${campaign.id} has no runtime "${runtime}"`,
        next: `pick one of its runtimes with --runtime: ${campaign.runtimes.join(", ")}`,
      });
    const result = withDerivedMetrics(guide, await store.readGuide(campaign.id, guide.id));
    const summaries = summarizeGuide(guide.metrics, result, verdictSettings(campaign, guide.id));
    const basis = readerBasis(guide, campaign, result, summaries);
    if (!basis)
      throw new ParityError("INVALID_INPUT", {
        what: `Campaign ${campaign.id} has no ${guide.id} results to compare with`,
        next: "pick another --campaign",
      });
    // The same comparison as the site's panel: the path your outputs name (or --storage), then the statistics.
    const outcome = compareWithBasis(
      basis,
      readings,
      runtime,
      (published, k) => publishedSide(published.values, k),
      o.storage,
    );
    const { comparison, notes, mine } = outcome;
    const def = guide.metrics[basis.metric]!;
    const variant = outcome.path || undefined;
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            guide: guide.id,
            metric: basis.metric,
            campaign: campaign.id,
            runtime,
            ...(variant ? { storage: variant } : {}),
            ...comparison,
            notes,
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const p = comparison.published;
    const percentOf = (v: number) => ((v - p.mean) / p.mean) * 100;
    process.stdout.write(
      `${[
        `${guide.title}: ${def.label} (${def.unit}, ${def.direction} is better)`,
        `published  campaign ${campaign.id}, ${runtime}${variant ? ` (${variant})` : ""}: n ` +
          `${p.n}, geometric mean ${formatNumber(p.mean)} (sd ${formatNumber(p.sd)}); 95% prediction interval for ` +
          `${mine.length === 1 ? "one new run" : `the geometric mean of ${mine.length} new runs`}: ` +
          `${formatNumber(p.prediction.low)} … ${formatNumber(p.prediction.high)}`,
        `yours      ${readings
          .map((r) => `${r.source}: ${formatNumber(r.metrics[basis.metric] as number)}`)
          .join(", ")}` + `${mine.length > 1 ? ` (geometric mean ${formatNumber(comparison.reader.mean)})` : ""}`,
        `difference ${formatPercent(comparison.deltaPercent)} vs the published geometric mean (prediction interval ` +
          `${formatInterval(percentOf(p.prediction.low), percentOf(p.prediction.high))})`,
        `verdict    ${comparison.verdict}: ${comparison.explanation}`,
        ...(notes.length ? ["what differs:", ...notes.map((n) => `  - ${n}`)] : []),
      ].join("\n")}\n`,
    );
  },
});
