import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { APIRoute, GetStaticPaths } from "astro";
import { campaignStore, dataRoot, PUBLISHED_FILE } from "../../lib/site-data.ts";

const TYPES: Record<string, string> = { json: "application/json", log: "text/plain; charset=utf-8" };

/** Publishes every results file (campaign JSON, raw logs, digest manifests, JSON Schemas) as a download. */
export const getStaticPaths: GetStaticPaths = async () => {
  const store = campaignStore();
  const campaigns = await Promise.all(
    (await store.list()).map(async (id) =>
      (await store.files(id)).map((file) => ({ path: `campaigns/${id}/${file}`, id, file })),
    ),
  );
  // The schemas folder is flat; regular files only, as the store lists campaign files.
  const schemas = (await readdir(join(dataRoot(), "schema"), { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => ({ path: `schema/${e.name}`, id: undefined, file: e.name }));
  return [...campaigns.flat(), ...schemas]
    .filter((f) => PUBLISHED_FILE.test(f.file))
    .map((f) => ({ params: { path: f.path }, props: { id: f.id, file: f.file } }));
};

export const GET: APIRoute = async ({ props }) => {
  const { id, file } = props as { id: string | undefined; file: string };
  const text = id ? await campaignStore().readFile(id, file) : await readFile(join(dataRoot(), "schema", file), "utf8");
  return new Response(text, {
    headers: { "Content-Type": TYPES[file.split(".").at(-1)!] ?? "text/plain; charset=utf-8" },
  });
};
