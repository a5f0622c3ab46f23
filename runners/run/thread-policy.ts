import { ParityError } from "../core/errors.ts";
import type { ThreadPolicy } from "../schemas/guide-result.ts";
import type { CampaignOptions } from "./run-context.ts";

/** Explains the oversubscription trap of the reference write-up (16 threads on 15 vCPUs). */
export function oversubscribeError(runtime: string, threads: number, vcpus: number): ParityError {
  return new ParityError(
    "OVERSUBSCRIBED",
    {
      what:
        `Refusing to run ${threads} threads on runtime "${runtime}", whose workload sees ${vcpus} vCPU(s). ` +
        "More threads than vCPUs measures the oversubscription, not the runtime: a VM guest cannot borrow the " +
        "host's spare core the way a container can, so the sandbox looks slower than it is",
      next:
        "drop --threads to match the vCPUs seen, or pass --allow-oversubscribe to measure it on purpose (it is " +
        "recorded)",
    },
    { details: { runtime, threads, vcpus } },
  );
}

/** Chooses threads per runtime from the vCPUs seen, or checks `--threads` against them. */
export function threadPolicy(
  options: Pick<CampaignOptions, "threads" | "allowOversubscribe">,
  vcpusSeen: Record<string, number>,
): ThreadPolicy {
  const perRuntime: Record<string, number> = {};
  let oversubscribed = false;
  for (const [runtime, vcpus] of Object.entries(vcpusSeen)) {
    const threads = options.threads ?? vcpus;
    if (threads > vcpus) {
      if (!options.allowOversubscribe) throw oversubscribeError(runtime, threads, vcpus);
      oversubscribed = true;
    }
    perRuntime[runtime] = threads;
  }
  const policy: ThreadPolicy = {
    perRuntime,
    vcpusSeen,
    oversubscribed,
    allowOversubscribe: options.allowOversubscribe,
  };
  if (options.threads !== undefined) policy.requested = options.threads;
  return policy;
}
