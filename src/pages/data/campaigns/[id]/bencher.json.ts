import type { APIRoute, GetStaticPaths } from "astro";
import { toBmf } from "../../../../../runners/report/bmf.ts";
import { type CampaignView, loadCampaigns } from "../../../../lib/site-data.ts";

/** Each campaign's statistics in Bencher Metric Format: the same JSON as `parity export ID --format bmf`. */
export const getStaticPaths: GetStaticPaths = async () =>
  (await loadCampaigns()).map((view) => ({ params: { id: view.campaign.id }, props: { view } }));

export const GET: APIRoute = ({ props }) => {
  const { view } = props as { view: CampaignView };
  const bmf = toBmf(view.guides.map((g) => ({ guideId: g.guide.id, summaries: g.summaries })));
  return new Response(`${JSON.stringify(bmf, null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
};
