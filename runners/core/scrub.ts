/**
 * What must never be stored or published: API server addresses, IP addresses, kubeconfig
 * paths, and the names a target knows to be private (its nodes). Applied to every message and
 * raw log before it is written.
 */
export function scrub(text: string, names: readonly string[] = []): string {
  let out = text
    .replace(/\bhttps?:\/\/[^\s"'<>)\]]+/g, "<api-server>")
    .replace(/\[(?:[0-9a-fA-F]{0,4}:){2,}[0-9a-fA-F]{0,4}\](?::\d+)?/g, "<address>")
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, "<address>")
    .replace(/(?:~|\/[^\s"'<>]*)?\/\.kube\/config\b|\/[^\s"'<>]*kubeconfig[^\s"'<>]*/gi, "<kubeconfig>");
  for (const name of names.filter((n) => n.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(name).join("<node>");
  }
  return out;
}
