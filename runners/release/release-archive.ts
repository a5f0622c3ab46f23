import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { ParityError } from "../core/errors.ts";

/** One file of an archive: its path inside it, and its bytes. */
export interface ArchiveEntry {
  path: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

/** A name the archive's headers cannot hold: results files are named by Parity, so this is a bug or a stray. */
function tooLong(name: string): ParityError {
  return new ParityError("INVALID_DATA", {
    what:
      `The release archive cannot hold "${name}": a ustar header takes a name of up to 100 bytes ` +
      "after a folder of up to 155",
    next: "rename or remove that file under data/ (`parity check` lists every file of a campaign)",
  });
}

/** A header field: ASCII, NUL-padded to its width. */
function field(header: Uint8Array, offset: number, width: number, text: string): void {
  const bytes = utf8ToBytes(text);
  if (bytes.length > width) throw tooLong(text);
  header.set(bytes, offset);
}

/** A number in a header: octal, zero-padded, NUL-terminated. */
function octal(header: Uint8Array, offset: number, width: number, value: number): void {
  field(header, offset, width, `${value.toString(8).padStart(width - 1, "0")}\0`);
}

/**
 * The ustar header of a regular file. A path longer than 100 bytes is split at a slash into
 * the prefix field (155 bytes) and the name field, as POSIX says.
 */
function header(path: string, size: number, mtimeSeconds: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  let name = path;
  let prefix = "";
  if (utf8ToBytes(path).length > 100) {
    const cut = path.lastIndexOf("/", path.length - 1);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (cut < 0 || utf8ToBytes(name).length > 100 || utf8ToBytes(prefix).length > 155) throw tooLong(path);
  }
  field(h, 0, 100, name);
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtimeSeconds);
  h.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  field(h, 156, 1, "0");
  field(h, 257, 6, "ustar\0");
  field(h, 263, 2, "00");
  field(h, 345, 155, prefix);
  const sum = h.reduce((a, b) => a + b, 0);
  field(h, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** `sha256sum` lines for the entries: what `sha256sum -c SHA256SUMS` checks, paths relative to `root`. */
export function sha256Sums(entries: readonly ArchiveEntry[], root: string): string {
  return entries
    .map((e) => {
      const relative = e.path.startsWith(`${root}/`) ? e.path.slice(root.length + 1) : e.path;
      return `${bytesToHex(sha256(e.bytes))}  ${relative}\n`;
    })
    .join("");
}

/**
 * A release as one tar archive under `root/`: every entry, then `root/SHA256SUMS` over them all.
 * The same files and `mtimeSeconds` give the same bytes, so a download can be compared with a
 * rebuild. Uncompressed: the site's edge gzips it.
 */
export function releaseArchive(entries: readonly ArchiveEntry[], root: string, mtimeSeconds: number): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const all = [...sorted, { path: `${root}/SHA256SUMS`, bytes: utf8ToBytes(sha256Sums(sorted, root)) }];
  const parts: Uint8Array[] = [];
  for (const e of all) {
    parts.push(header(e.path, e.bytes.length, mtimeSeconds), e.bytes);
    const pad = (BLOCK - (e.bytes.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK)); // two zero blocks end an archive
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
