import type { APIRoute, GetStaticPaths } from "astro";
import { measurementsCsv } from "../../../../../runners/report/csv.ts";
import { type CampaignView, loadCampaigns } from "../../../../lib/site-data.ts";

/** A CSV of all measurements of each campaign. */
export const getStaticPaths: GetStaticPaths = async () =>
  (await loadCampaigns()).map((view) => ({ params: { id: view.campaign.id }, props: { view } }));

export const GET: APIRoute = ({ props }) => {
  const { view } = props as { view: CampaignView };
  return new Response(
    measurementsCsv(
      view.campaign.id,
      view.guides.map((g) => g.result),
    ),
    { headers: { "Content-Type": "text/csv; charset=utf-8" } },
  );
};
