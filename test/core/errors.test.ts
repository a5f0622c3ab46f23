import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitReady } from "../../runners/cluster/daemons.ts";
import { EXIT_BUG, EXIT_CODES, exitCodeOf, ParityError, type ParityErrorCode } from "../../runners/core/errors.ts";
import { verifyPlacement } from "../../runners/core/placement.ts";
import { parseCpuOutput } from "../../runners/guides/cpu/parse-cpu.ts";
import { guides } from "../../runners/guides/index.ts";
import { Registry } from "../../runners/guides/registry.ts";
import { parseParameterAssignments } from "../../runners/run/guide-parameters.ts";
import { oversubscribeError } from "../../runners/run/thread-policy.ts";
import { CampaignSchema } from "../../runners/schemas/campaign.ts";
import { CampaignStore, readJsonFile } from "../../runners/store/campaign-store.ts";
import { kubeError } from "../../runners/targets/kubernetes/kube-client.ts";
import { KubernetesTarget } from "../../runners/targets/kubernetes/kubernetes-target.ts";
import { loadProfiles } from "../../runners/targets/kubernetes/load-profiles.ts";
import { stuckPodError } from "../../runners/targets/kubernetes/stuck-pod.ts";
import { waitForPod } from "../../runners/targets/kubernetes/wait-for-pod.ts";
import { requireBinary } from "../../runners/targets/local/tools.ts";

let root: string;
let store: CampaignStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "parity-errors-"));
  store = new CampaignStore(root);
  await mkdir(join(root, "taken"));
  await writeFile(join(root, "taken", "campaign.json"), "{ not json");
});
afterAll(() => rm(root, { recursive: true, force: true }));

const facts = { vcpus: 1, kernel: "6.1.0", pidNamespace: "pid:[1]" } as never;

/** For each code, the real code path that raises it. */
const TRIGGERS: Partial<Record<ParityErrorCode, () => unknown>> = {
  INVALID_INPUT: () => parseParameterAssignments("jitter", () => true),
  UNKNOWN_GUIDE: () => guides.get("gpu"),
  UNKNOWN_RUNTIME: () => new Registry("runtime", [{ id: "runc" }]).get("kata"),
  DUPLICATE_ID: () => new Registry("guide", [{ id: "cpu" }, { id: "cpu" }]),
  CAMPAIGN_EXISTS: () => store.claim("taken", false),
  CAMPAIGN_NOT_FOUND: () => store.readCampaign("nowhere"),
  // Process 1 lives as long as the machine: its lock is never stale.
  CAMPAIGN_BUSY: async () => {
    await writeFile(join(root, ".busy.lock"), "1\n");
    return store.lock("busy", () => {});
  },
  INVALID_DATA: () => readJsonFile(join(root, "taken", "campaign.json"), CampaignSchema),
  PARSE_FAILED: () => parseCpuOutput("this is not sysbench"),
  TOOL_MISSING: () => requireBinary("parity-no-such-tool", "parity-no-such-package"),
  OVERSUBSCRIBED: () => {
    throw oversubscribeError("host", 64, 2);
  },
  WRONG_PLACE: () => verifyPlacement("runc", "container", facts, { kernel: "6.1.0", pidNamespace: "pid:[1]" }),
  UNDERSIZED: async () => {
    const profiles = await loadProfiles("runners/targets/kubernetes/runtimes.yaml");
    const target = new KubernetesTarget({ kube: {} as never, profiles, campaign: "c", image: "i" });
    target.verifyWorkload(profiles.runtimes[0]!.name, { ...(facts as object), vcpus: 0 } as never);
  },
  POD_FAILED: () => {
    throw stuckPodError("runc", "p", { state: "stuck", reason: "ErrImagePull", message: "" });
  },
  KUBERNETES_API: () => {
    throw kubeError("Listing nodes", new Error("connect ECONNREFUSED 127.0.0.1:6443"));
  },
  CLUSTER: () => waitReady({ logs: root } as never, "etcd", 2 ** 22 + 1, async () => false, 1000),
  INTERRUPTED: () => waitForPod({} as never, "ns", "p", { timeoutMs: 1000, signal: AbortSignal.abort() }),
};

/** Codes raised only by a whole run or a real cluster: the scenario test that raises each. */
const SCENARIOS: Partial<Record<ParityErrorCode, string>> = {
  TOOL_FAILED: "test/run/run-campaign.faults.test.ts",
  DISK_FULL: "test/store/atomic-write.real.test.ts",
  MACHINE_BUSY: "test/cli/release.e2e.test.ts",
};

describe("error codes", () => {
  it("every code has an exit code, and is raised by a trigger here or by a named scenario test", async () => {
    for (const code of Object.keys(EXIT_CODES) as ParityErrorCode[]) {
      if (TRIGGERS[code]) continue;
      expect(SCENARIOS[code], `${code} has no test`).toBeDefined();
      expect(await readFile(SCENARIOS[code]!, "utf8")).toContain(`"${code}"`);
    }
  });

  for (const [code, trigger] of Object.entries(TRIGGERS) as Array<[ParityErrorCode, () => unknown]>) {
    it(`${code} ends parity with exit code ${EXIT_CODES[code]}`, async () => {
      const error = await (async () => trigger())().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ParityError);
      expect((error as ParityError).code).toBe(code);
      expect(exitCodeOf(error)).toBe(EXIT_CODES[code]);
    });
  }

  it("anything that is not a ParityError is a defect of Parity", () => {
    expect(exitCodeOf(new TypeError("x is undefined"))).toBe(EXIT_BUG);
  });
});
