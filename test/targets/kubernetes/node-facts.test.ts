import { describe, expect, it } from "vitest";
import { HostFactsSchema } from "../../../runners/schemas/campaign.ts";
import { cpuQuantity, memoryQuantity, nodeFacts } from "../../../runners/targets/kubernetes/node-facts.ts";
import { fixture } from "../../helpers/fixtures.ts";

const nodes = JSON.parse(fixture("kubernetes/k8s_nodelist_json_doks+gke_instance-type_troubleshoot.json")).items;

describe("nodeFacts on a real NodeList (DigitalOcean and GKE nodes)", () => {
  it("reads kernel, runtime, kubelet, instance type and allocatable resources, and no name or address", () => {
    const doks = nodes.find((n: any) => n.metadata.labels["node.kubernetes.io/instance-type"] === "g-8vcpu-32gb");
    const facts = HostFactsSchema.parse(nodeFacts(doks, "edera", { name: "edera", handler: "edera" }));
    expect(facts).toMatchObject({ role: "edera", kernel: "4.19.0-11-amd64", vcpus: 8 });
    expect(facts.kubernetes).toMatchObject({
      instanceType: "g-8vcpu-32gb",
      containerRuntimeVersion: "docker://19.3.13",
      runtimeClassName: "edera",
      runtimeClassHandler: "edera",
    });
    const text = JSON.stringify(facts);
    expect(text).not.toContain(doks.metadata.name);
    for (const address of doks.status.addresses ?? []) expect(text).not.toContain(address.address);
  });

  it("copes with a node that has no instance-type label", () => {
    const gke = nodes.find((n: any) => n.status.nodeInfo.kernelVersion === "5.0.0-1021-gcp");
    const facts = nodeFacts(gke, "runc");
    expect(facts.kubernetes?.instanceType).toBeUndefined();
    expect(facts.kubernetes?.containerRuntimeVersion).toBe("containerd://1.2.5");
    expect(facts.memoryBytes).toBe(Number(gke.status.capacity.memory.replace("Ki", "")) * 1024);
  });

  it("parses Kubernetes quantities", () => {
    expect(cpuQuantity("7910m")).toBeCloseTo(7.91, 10);
    expect(cpuQuantity("8")).toBe(8);
    expect(memoryQuantity("30770604Ki")).toBe(30770604 * 1024);
    expect(memoryQuantity("8Gi")).toBe(8 * 2 ** 30);
    expect(memoryQuantity("1G")).toBe(1e9);
  });
});
