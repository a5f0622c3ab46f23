import * as z from "zod";

/**
 * Figures published by others, kept apart from Parity's own numbers, each with its source
 * (content/third-party.json).
 */
export const ThirdPartySchema = z
  .object({
    /** What the figures are and are not, shown above them. */
    note: z.string().describe("What the figures are and are not, e.g. `Vendors' own numbers, not Parity's runs.`"),
    sources: z
      .record(
        z.string(),
        z.object({
          title: z.string().describe("Title of the source, e.g. the write-up's headline."),
          publisher: z.string().describe("Who published it, e.g. `Edera`."),
          note: z.string().describe("How the figures were made, as the source says."),
        }),
      )
      .describe("Sources by id, e.g. `edera-eks`."),
    figures: z.array(
      z.object({
        runtime: z.string().describe("Runtime the figure is about, e.g. `edera`."),
        benchmark: z.string().describe("What was measured, e.g. `sysbench cpu`."),
        figure: z.string().describe("The figure as the source states it, e.g. `-0.8%`."),
        source: z.string().describe("Id of its source in `sources`."),
        citedFrom: z.string().describe("Where in the source it appears, e.g. a section title."),
      }),
    ),
  })
  .superRefine((data, ctx) => {
    for (const [i, f] of data.figures.entries())
      if (!data.sources[f.source])
        ctx.addIssue({
          code: "custom",
          path: ["figures", i, "source"],
          message: `figure for ${f.runtime} names unknown source "${f.source}"; add it to sources`,
        });
  });
