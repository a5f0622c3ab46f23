import { type PodLifecycle, PodLifecycleSchema } from "../contracts/pod-lifecycle.ts";
import { ParityError } from "../core/errors.ts";

/** Where a run's pod lifecycle is kept: beside its raw log, e.g. `raw/startup/gvisor-3.lifecycle.log`. */
export function lifecycleLogPath(rawLog: string): string {
  return rawLog.replace(/\.log$/, ".lifecycle.log");
}

const LIFECYCLE_NOTE =
  "# pod lifecycle: the runner's watch sightings (epoch ms), what the API stored, the pod's events, and the " +
  "kubelet's metric lines read before the pod and once it was Ready";

/** A pod's lifecycle as a raw log: the run's label, what it holds, then the record as JSON. */
export function formatLifecycleLog(label: string, lifecycle: PodLifecycle): string {
  return [`# parity raw log: ${label}`, LIFECYCLE_NOTE, JSON.stringify(lifecycle, null, 2), ""].join("\n");
}

/** Zod's issues in one line: `path: message; …`. */
const issues = (list: ReadonlyArray<{ path: PropertyKey[]; message: string }>) =>
  list.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

/** The lifecycle a lifecycle log holds, validated; `where` names the file in the error. */
export function parseLifecycleLog(text: string, where: string): PodLifecycle {
  const body = text.slice(text.indexOf("\n{") + 1);
  const next = "re-run the campaign's startup guide: this log was edited or damaged";
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ParityError("INVALID_DATA", {
      what: `${where} holds no pod lifecycle (${(error as Error).message})`,
      next,
    });
  }
  const parsed = PodLifecycleSchema.safeParse(json);
  if (!parsed.success)
    throw new ParityError("INVALID_DATA", {
      what: `${where} is not a pod lifecycle (${issues(parsed.error.issues)})`,
      next,
    });
  return parsed.data;
}
