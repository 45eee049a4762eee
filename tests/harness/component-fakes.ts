/**
 * Test fixtures for testing one component on its own: a stand-in cluster and Istio install (tests of the whole program use tests/program/run-sandbox.ts).
 */
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../../components/cluster/types";
import { INGRESS_GATEWAY_LABELS, INGRESS_GATEWAY_NAME, ISTIO_NAMESPACE } from "../../components/config";
import type { IstioDependency } from "../../components/k8s-types/istio-dependency";
import type { NewResourceInfo } from "./mock-program";

export class StandIn extends pulumi.CustomResource {
  constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
    super(type, name, {}, opts);
  }
}

export const ISTIO_READY_TYPE = "istio-sandbox:test:IstioReady";
export const ISTIO_READY_NAME = "istio-ready";

export const isIstioReady = (r: NewResourceInfo): boolean => r.type === ISTIO_READY_TYPE;

/**
 * A SandboxCluster built under mocks, as the cluster components would hand it over. In k3d mode the
 * kubeconfig and subnet come from a stand-in cluster Command, so a test can hold that Command and see
 * who waits for the cluster.
 */
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

export function fakeIstio(): IstioDependency {
  return {
    namespace: ISTIO_NAMESPACE,
    gatewayLabels: INGRESS_GATEWAY_LABELS,
    gatewayServiceName: INGRESS_GATEWAY_NAME,
    ready: [new StandIn(ISTIO_READY_TYPE, ISTIO_READY_NAME)],
  };
}

/** True when the input at `path` was sent as a secret, itself or as part of a secret parent. */
export function isSecretAt(resource: { readonly secretPaths: readonly string[] }, path: string): boolean {
  return resource.secretPaths.some((p) => path === p || path.startsWith(`${p}.`));
}
