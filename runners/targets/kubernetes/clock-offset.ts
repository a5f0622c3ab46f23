import { epochMs } from "../../core/epoch-ms.ts";

/** One request's `Date` response header with the runner's clock around it (epoch ms). */
export interface DateSample {
  sentAt: number;
  receivedAt: number;
  /** The HTTP-date the server sent, whole seconds, e.g. "Fri, 27 Nov 2026 10:00:01 GMT". */
  date: string;
}

/** API server clock minus runner clock, and how far off that can be. */
export interface ClockEstimate {
  offsetMs: number;
  /** Half the runner-clock window in which the server's second ticked over. */
  uncertaintyMs: number;
}

const serverSecond = (s: DateSample) => Math.floor(Date.parse(s.date) / 1000);

/**
 * The server's clock from the moment its `Date` header ticks to the next second: between the
 * sending of the last request that still showed the old second and the answer of the first
 * that showed the new one, the server's clock read exactly `new second .000`. Whole-second
 * headers thus give the offset to within that window. The narrowest window wins.
 */
export function offsetFromTicks(samples: readonly DateSample[]): ClockEstimate | undefined {
  let best: ClockEstimate | undefined;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    if (serverSecond(after) !== serverSecond(before) + 1) continue;
    const tick = serverSecond(after) * 1000;
    const estimate = {
      offsetMs: tick - (before.sentAt + after.receivedAt) / 2,
      uncertaintyMs: (after.receivedAt - before.sentAt) / 2,
    };
    if (!best || estimate.uncertaintyMs < best.uncertaintyMs) best = estimate;
  }
  return best;
}

/**
 * Measures the offset with few requests: polls every `coarseMs` until the server's second
 * ticks (a first estimate), then asks back to back just before the next predicted tick to
 * narrow the window to about one round trip. Undefined when the server sends no usable `Date`.
 */
export async function measureClockOffset(
  sample: () => Promise<DateSample>,
  options: { coarseMs?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ClockEstimate | undefined> {
  const coarseMs = options.coarseMs ?? 25;
  const now = options.now ?? epochMs;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms))));
  const first = await sample();
  if (Number.isNaN(Date.parse(first.date))) return undefined;
  const coarse = [first];
  for (let i = 0; i < Math.ceil(1100 / coarseMs) && !offsetFromTicks(coarse); i++) {
    await sleep(coarseMs);
    coarse.push(await sample());
  }
  const rough = offsetFromTicks(coarse);
  if (!rough) return undefined;
  // The next tick, on the runner's clock; start a little before it, allowing for the rough estimate's error.
  const nextTick = (serverSecond(coarse.at(-1)!) + 1) * 1000 - rough.offsetMs;
  await sleep(nextTick - now() - rough.uncertaintyMs - 10);
  const fine: DateSample[] = [];
  const stopAt = nextTick + rough.uncertaintyMs + 50;
  do fine.push(await sample());
  while (now() < stopAt && !offsetFromTicks(fine));
  const narrow = offsetFromTicks(fine);
  return narrow && narrow.uncertaintyMs < rough.uncertaintyMs ? narrow : rough;
}
