import { setTimeout as sleep } from "node:timers/promises";
import { CoreV1Api, KubeConfig, type V1PersistentVolume, Watch } from "@kubernetes/client-node";
import type { ClusterLayout } from "./layout.ts";
import { wipeFolder } from "./volumes.ts";

const SELECTOR = "parity/local-volume";

/**
 * Makes a released local volume available again, as a local static provisioner would: its
 * folder emptied (Filesystem) and its claim reference removed. Event-driven (a watch), so that
 * it uses no CPU while runs measure.
 */
async function recycle(core: CoreV1Api, pv: V1PersistentVolume, log: (line: string) => void): Promise<void> {
  if (pv.status?.phase !== "Released" || !pv.metadata?.name) return;
  if (pv.spec?.volumeMode !== "Block" && pv.spec?.local?.path) await wipeFolder(pv.spec.local.path);
  // The client sends patches as JSON patch (application/json-patch+json).
  await core.patchPersistentVolume({ name: pv.metadata.name, body: [{ op: "remove", path: "/spec/claimRef" }] });
  log(`recycled ${pv.metadata.name}`);
}

/** Runs until killed: `parity cluster up` starts it as a daemon, `cluster down` stops it. */
export async function runVolumeRecycler(layout: ClusterLayout, log: (line: string) => void): Promise<never> {
  const config = new KubeConfig();
  config.loadFromFile(layout.adminKubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  const watch = new Watch(config);
  for (;;) {
    try {
      const list = await core.listPersistentVolume({ labelSelector: SELECTOR });
      for (const pv of list.items) await recycle(core, pv, log);
      await new Promise<void>((resolve) => {
        void watch
          .watch(
            "/api/v1/persistentvolumes",
            { labelSelector: SELECTOR, resourceVersion: list.metadata?.resourceVersion },
            (_type, pv: V1PersistentVolume) => {
              recycle(core, pv, log).catch((error) =>
                log(`recycling ${pv.metadata?.name}: ${(error as Error).message}`),
              );
            },
            () => resolve(),
          )
          .catch(() => resolve());
      });
    } catch (error) {
      log(`volume recycler: ${(error as Error).message}; retrying`);
    }
    await sleep(1000);
  }
}
