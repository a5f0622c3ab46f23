import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { APIRoute, GetStaticPaths } from "astro";
import { dataRoot } from "../../lib/site-data.ts";

const TYPES: Record<string, string> = { json: "application/json", log: "text/plain; charset=utf-8" };

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  // Regular files and folders only: a symbolic link is never followed out of data/.
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

/** Publishes every results file (campaign JSON, raw logs, digest manifests, JSON Schemas) as a download. */
export const getStaticPaths: GetStaticPaths = async () => {
  const root = dataRoot();
  const all = [...(await files(join(root, "campaigns"))), ...(await files(join(root, "schema")))];
  return all
    .filter((f) => /(\.(json|log)|\/SHA256SUMS)$/.test(f))
    .map((file) => ({ params: { path: relative(root, file) }, props: { file } }));
};

export const GET: APIRoute = async ({ props }) => {
  const file = (props as { file: string }).file;
  return new Response(await readFile(file), {
    headers: { "Content-Type": TYPES[file.split(".").at(-1)!] ?? "text/plain; charset=utf-8" },
  });
};
