import { epochMs as now } from "../../core/epoch-ms.ts";
import type { ClockFacts } from "../../schemas/campaign.ts";
import { type DateSample, measureClockOffset } from "./clock-offset.ts";
import type { KubeClient } from "./kube-client.ts";

/** One GET /version with the server's `Date` header and the runner's clock around it. */
async function sampleDate(kube: KubeClient): Promise<DateSample> {
  const sentAt = now();
  const { headers } = await kube.callRaw("Reading the API server's version", (o) => kube.version.getCode({}, o));
  return { sentAt, receivedAt: now(), date: headers.date ?? "" };
}

/**
 * The API server's clock against the runner's, checked twice: the offset moves server
 * timestamps onto the runner's clock, and the two checks show whether it is stable.
 * Undefined when the server sends no `Date` header.
 */
export async function apiClock(kube: KubeClient): Promise<ClockFacts | undefined> {
  const first = await measureClockOffset(() => sampleDate(kube));
  const second = first && (await measureClockOffset(() => sampleDate(kube)));
  if (!first || !second) return undefined;
  const best = second.uncertaintyMs < first.uncertaintyMs ? second : first;
  return {
    offsetMs: best.offsetMs,
    uncertaintyMs: best.uncertaintyMs,
    driftMs: Math.abs(first.offsetMs - second.offsetMs),
  };
}
