/**
 * A SandboxCluster built under mocks, as the cluster components would hand it over. In k3d mode the
 * kubeconfig and subnet come from a stand-in cluster Command, so a test can hold that Command and see
 * who waits for the cluster.
 */
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../../components/cluster/types";

export const FAKE_KUBECONFIG = "apiVersion: v1\nkind: Config\ncurrent-context: k3d-sandbox\n";
export const CLUSTER_COMMAND = { type: "command:local:Command", name: "cluster" } as const;

export function fakeCluster(
  mode: "k3d" | "existing",
  options: { context?: string; dockerSubnet?: string } = {},
): SandboxCluster {
  if (mode === "existing") {
    const kubeconfig = pulumi.secret(FAKE_KUBECONFIG);
    return {
      mode,
      clusterName: pulumi.output("existing"),
      kubeconfig,
      context: options.context,
      provider: new k8s.Provider("k8s", { kubeconfig, context: options.context }),
    };
  }
  const cluster = new command.local.Command(CLUSTER_COMMAND.name, { create: "k3d cluster create sandbox" });
  const kubeconfig = pulumi.secret(cluster.stdout.apply(() => FAKE_KUBECONFIG));
  return {
    mode,
    clusterName: pulumi.output("sandbox"),
    kubeconfig,
    context: options.context,
    provider: new k8s.Provider("k8s", { kubeconfig }),
    dockerSubnet: cluster.stdout.apply(() => options.dockerSubnet ?? "172.18.0.0/16"),
    deletedWith: cluster,
  };
}
