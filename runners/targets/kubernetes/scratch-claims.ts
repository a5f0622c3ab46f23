import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import type { StorageMode, StorageTarget } from "../../guides/define-guide.ts";
import type { KubeClient } from "./kube-client.ts";
import { POD_BLOCK_DEVICE, POD_DATA_DIR, podName, scratchClaim } from "./pod-manifest.ts";

/**
 * The I/O guide's volumes: one claim per runtime and storage mode, as the local target keeps
 * one device or file. The precondition writes the volume whole, and every run of that
 * runtime and mode measures the same volume; cleanup deletes the claims by label.
 */
export class ScratchClaims {
  /** Size asked for each runtime and mode, MiB. */
  #sizeMiB = new Map<string, number>();
  /** Claims created so far, as `namespace/name`. */
  #created = new Set<string>();

  constructor(
    private readonly kube: KubeClient,
    private readonly campaign: string,
    private readonly storageClass: string | undefined,
  ) {}

  /** Where a run's pod sees its storage, once its size is known. */
  prepare(runtime: string, mode: StorageMode, sizeMiB: number): StorageTarget {
    this.#sizeMiB.set(`${runtime}:${mode}`, sizeMiB);
    return { mode, path: mode === "block" ? POD_BLOCK_DEVICE : `${POD_DATA_DIR}/fio.dat` };
  }

  /** The claim of a runtime and mode, named for the guide. */
  claimFor(guide: string, runtime: string, mode: StorageMode): { mode: StorageMode; claimName: string } {
    return { mode, claimName: podName(this.campaign, guide, runtime, mode) };
  }

  /** Creates the claim before its first pod; later pods of that runtime and mode reuse it. */
  async ensure(namespace: string, runtime: string, claim: { mode: StorageMode; claimName: string }): Promise<void> {
    const key = `${namespace}/${claim.claimName}`;
    if (this.#created.has(key)) return;
    const body = scratchClaim({
      namespace,
      name: claim.claimName,
      campaign: this.campaign,
      runtime,
      mode: claim.mode,
      sizeMiB: this.#sizeMiB.get(`${runtime}:${claim.mode}`) ?? 1024,
      ...(this.storageClass ? { storageClass: this.storageClass } : {}),
    }) as V1PersistentVolumeClaim;
    await this.kube.call(`Creating claim ${claim.claimName}`, () =>
      this.kube.core.createNamespacedPersistentVolumeClaim({ namespace, body }),
    );
    this.#created.add(key);
  }

  /** Forgets the claims once cleanup deleted them. */
  clear(): void {
    this.#created.clear();
  }
}
