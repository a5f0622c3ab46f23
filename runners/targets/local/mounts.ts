import { readFile } from "node:fs/promises";
import { execa } from "execa";

/**
 * Unmounts everything mounted under `dir`, deepest first: runsc pins a network namespace
 * (`null-netns`) in its state root, which must go before the folder can be removed.
 */
export async function unmountUnder(dir: string): Promise<void> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  // The fifth field is the mount point, with spaces and other specials written as octal escapes.
  const points = mountinfo
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .filter((p) => p.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await execa("umount", ["--lazy", point], { reject: false });
}
