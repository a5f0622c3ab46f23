import type { StorageFacts } from "../schemas/workload-facts.ts";

/**
 * The file systems that accept O_DIRECT inside the workload without carrying it to the disk: 9p is
 * how gVisor's kernel reaches the host's files, through a page cache of its own.
 */
const CACHED_FILE_SYSTEMS = new Set(["9p"]);

/**
 * Whether a run's direct I/O reached the storage: one rule for every target and for campaigns
 * recorded before it. The probe's own O_DIRECT test (it opens the file with O_DIRECT), unless the
 * file lives on a file system that answers from its own cache.
 */
export function directIoReached(storage: StorageFacts): boolean {
  return storage.directIo && !(storage.mode === "filesystem" && CACHED_FILE_SYSTEMS.has(storage.fsType ?? ""));
}
