import { ParityError } from "../core/errors.ts";
import type { GuideDefinition } from "../guides/define-guide.ts";
import { guideFingerprint } from "../guides/index.ts";
import type { Campaign } from "../schemas/campaign.ts";
import type { GuideResult, ThreadPolicy } from "../schemas/guide-result.ts";
import type { CampaignStore } from "../store/campaign-store.ts";

/** The partial campaign `--resume` continues; a complete one is refused. */
export async function resumable(store: CampaignStore, id: string): Promise<Campaign> {
  const campaign = await store.readCampaign(id);
  if (campaign.status === "complete")
    throw new ParityError("INVALID_INPUT", {
      what: `Campaign "${id}" is already complete; there is nothing to resume`,
      next: "start a new campaign id",
    });
  return campaign;
}

/** A guide's results so far, checked to be comparable with the runs still to do. */
export function resumeGuide(
  result: GuideResult,
  id: string,
  guide: GuideDefinition,
  params: Record<string, unknown>,
  threads: ThreadPolicy,
): GuideResult {
  if (result.fingerprint !== guideFingerprint(guide, params)) {
    throw new ParityError("INVALID_INPUT", {
      what:
        `Cannot resume campaign "${id}": guide ${guide.id} changed since its first runs, ` +
        "so old and new runs would not be comparable",
      next: "start a new campaign",
    });
  }
  for (const [runtime, n] of Object.entries(threads.perRuntime)) {
    if (result.threads.perRuntime[runtime] !== undefined && result.threads.perRuntime[runtime] !== n) {
      throw new ParityError("INVALID_INPUT", {
        what:
          `Cannot resume campaign "${id}": ${runtime} would now run ${n} threads, the first runs used ` +
          `${result.threads.perRuntime[runtime]} (its vCPUs changed)`,
        next: "start a new campaign",
      });
    }
  }
  return result;
}
