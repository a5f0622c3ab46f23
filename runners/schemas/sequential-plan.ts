import * as z from "zod";

/** How a group-sequential plan spends its α over its looks (Lan–DeMets spending functions). */
export const SpendingSchema = z
  .enum(["obrien-fleming", "pocock"])
  .describe(
    "α-spending function: `obrien-fleming` (spends almost nothing at early looks, the default) or `pocock` (spends " +
      "about evenly).",
  );
export type Spending = z.output<typeof SpendingSchema>;

/**
 * The plan by which runs are added, fixed before the first run: at each look every primary
 * verdict is tested, and the guide stops once all are settled or at its last look.
 */
export const SequentialPlanSchema = z
  .strictObject({
    alpha: z
      .number()
      .gt(0)
      .lt(0.5)
      .describe("Level of each one-sided test over the whole plan, e.g. `0.05` (a 90% interval at a single look)."),
    spending: SpendingSchema,
    looks: z
      .array(z.number().int().min(1))
      .min(1)
      .refine((l) => l.every((n, i) => i === 0 || n > l[i - 1]!), "looks must be strictly increasing")
      .describe("Runs per runtime at each look, e.g. `[5, 8, 10]`; the last is the most a guide runs."),
  })
  .describe(
    "Group-sequential plan of the campaign's verdicts, recorded before its first run: one look for a fixed number " +
      "of runs, several when runs are added until the primary verdicts settle.",
  );
export type SequentialPlan = z.output<typeof SequentialPlanSchema>;

/** What campaign.json records: one level and spending function, and each guide's looks. */
export const CampaignSequentialSchema = z
  .strictObject({
    alpha: SequentialPlanSchema.shape.alpha,
    spending: SpendingSchema,
    looks: z
      .record(z.string(), SequentialPlanSchema.shape.looks)
      .describe('Each guide\'s looks, e.g. `{ "cpu": [5, 8, 10], "startup": [20] }`.'),
  })
  .describe(
    "The campaign's group-sequential plan, fixed before its first run: each guide is tested at its looks and " +
      "stops at the first where every primary verdict is settled. Absent in campaigns made before method 4.",
  );
export type CampaignSequential = z.output<typeof CampaignSequentialSchema>;
