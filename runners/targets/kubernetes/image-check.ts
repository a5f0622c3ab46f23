import type { V1Node } from "@kubernetes/client-node";

/** The names a node may list for an image reference: as given, and with Docker Hub's implicit prefixes. */
function spellings(image: string): string[] {
  const first = image.split("/")[0]!;
  const hasRegistry = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasRegistry) return [image];
  return [image, `docker.io/${image}`, ...(image.includes("/") ? [] : [`docker.io/library/${image}`])];
}

/**
 * Whether the node reports the image in `status.images` (by tag, or by digest for a
 * `name@sha256:…` reference). The list is capped (50 images by default), so absence is not
 * proof: the caller then runs a warm-up pod.
 */
export function nodeHasImage(node: V1Node, image: string): boolean {
  const wanted = spellings(image);
  const digest = image.includes("@") ? image.slice(image.indexOf("@") + 1) : undefined;
  return (node.status?.images ?? []).some((entry) =>
    (entry.names ?? []).some((n) => wanted.includes(n) || (digest !== undefined && n.endsWith(`@${digest}`))),
  );
}
