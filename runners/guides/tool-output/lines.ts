/** Lines of an output, with CR LF and stray CR removed. */
export function splitLines(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").split("\n");
}
