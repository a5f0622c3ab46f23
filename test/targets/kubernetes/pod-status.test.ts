import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { classifyPod, imageDigest } from "../../../runners/targets/kubernetes/pod-status.ts";
import { fixture } from "../../helpers/fixtures.ts";

// Real pod objects from several clusters and Kubernetes versions (test/fixtures/kubernetes/SOURCES.md).
const json = (f: string) => JSON.parse(fixture(`kubernetes/${f}`));
const yaml = (f: string) => parse(fixture(`kubernetes/${f}`));

describe("classifyPod on real pod objects", () => {
  it("an evicted EKS pod with no conditions at all is stuck: Evicted, with the kubelet's message", () => {
    const outcome = classifyPod(json("k8s_pod_json_eks_failed_no-conditions_qovery.json"));
    expect(outcome).toMatchObject({ state: "stuck", reason: "Evicted" });
    expect((outcome as { message: string }).message).toMatch(/low on resource: ephemeral-storage/);
  });

  it("a pending pod with only PodScheduled=False is stuck: Unschedulable", () => {
    const pod = json("k8s_podlist_json_pending_unschedulable_PodScheduled-False_qovery.json").items[0];
    expect(classifyPod(pod)).toEqual({
      state: "stuck",
      reason: "Unschedulable",
      message: "0/5 nodes are available: 5 Insufficient memory.",
    });
  });

  it("a crash-looping pod (2018, no ContainersReady condition) is stuck: CrashLoopBackOff", () => {
    expect(
      classifyPod(yaml("k8s_pod_yaml_minikube-2018_no-ContainersReady_pod-crashloop_gitops-engine.yaml")),
    ).toMatchObject({ state: "stuck", reason: "CrashLoopBackOff" });
  });

  it("running and pending pods keep the runner waiting", () => {
    expect(
      classifyPod(yaml("k8s_pod_yaml_minikube-2018_no-ContainersReady_pod-running-restart-always_gitops-engine.yaml")),
    ).toEqual({ state: "running" });
    expect(classifyPod(yaml("k8s_pod_yaml_minikube-2018_no-ContainersReady_pod-pending_gitops-engine.yaml"))).toEqual({
      state: "pending",
    });
    expect(classifyPod(json("k8s_podlist_json_running_gradle-deployment_managedFields_qovery.json").items[0])).toEqual({
      state: "running",
    });
    expect(classifyPod(json("k8s_pod_json_cilium-operator_scheduled-after-creation_k9s.json"))).toEqual({
      state: "running",
    });
  });

  it("reads the image digest the kubelet reports", () => {
    expect(
      imageDigest(yaml("k8s_pod_yaml_minikube-2018_no-ContainersReady_pod-running-restart-always_gitops-engine.yaml")),
    ).toBe("sha256:621c2f39f8133acb8e64023a94dbdf0d5ca81896102b9e57c0dc184cadaf5528");
    expect(imageDigest(json("k8s_pod_json_eks_failed_no-conditions_qovery.json"))).toBeUndefined();
  });

  it("tells a workload that exited non-zero from one that was killed for memory", () => {
    const base = {
      status: { phase: "Failed", containerStatuses: [{ state: { terminated: { exitCode: 3, reason: "Error" } } }] },
    };
    expect(classifyPod(base)).toEqual({ state: "failed", exitCode: 3, reason: "Error", message: "" });
    const oom = {
      status: {
        phase: "Failed",
        containerStatuses: [{ state: { terminated: { exitCode: 137, reason: "OOMKilled" } } }],
      },
    };
    expect(classifyPod(oom)).toMatchObject({ state: "stuck", reason: "OOMKilled" });
    expect(classifyPod({ status: { phase: "Succeeded" } })).toEqual({ state: "succeeded", exitCode: 0 });
  });
});
