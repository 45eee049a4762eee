/**
 * Test fixtures for the traffic-and-trust components: a stand-in cluster and Istio install, for
 * tests of one component on its own (tests of the whole program use tests/program/run-sandbox.ts).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { SandboxCluster } from "../../components/cluster/types";
import { INGRESS_GATEWAY_LABELS, ISTIO_NAMESPACE } from "../../components/config";
import type { IstioDependency } from "../../components/k8s-types/istio-dependency";
import type { NewResourceInfo } from "./mock-program";

export class StandIn extends pulumi.CustomResource {
  constructor(type: string, name: string, opts?: pulumi.CustomResourceOptions) {
    super(type, name, {}, opts);
  }
}

export const CLUSTER_TYPE = "command:local:Command";
export const CLUSTER_NAME = "k3d-cluster";
export const ISTIO_READY_TYPE = "istio-sandbox:test:IstioReady";
export const ISTIO_READY_NAME = "istio-ready";

export const isIstioReady = (r: NewResourceInfo): boolean => r.type === ISTIO_READY_TYPE;

export function fakeCluster(mode: "k3d" | "existing" = "k3d"): SandboxCluster {
  const provider = new k8s.Provider("sandbox", {
    kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"),
  });
  return {
    mode,
    clusterName: pulumi.output("istio-sandbox"),
    kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"),
    provider,
    deletedWith: mode === "k3d" ? new StandIn(CLUSTER_TYPE, CLUSTER_NAME) : undefined,
  };
}

export function fakeIstio(): IstioDependency {
  return {
    namespace: ISTIO_NAMESPACE,
    gatewayLabels: INGRESS_GATEWAY_LABELS,
    ready: [new StandIn(ISTIO_READY_TYPE, ISTIO_READY_NAME)],
  };
}

/** True when the input at `path` was sent as a secret, itself or as part of a secret parent. */
export function isSecretAt(resource: { readonly secretPaths: readonly string[] }, path: string): boolean {
  return resource.secretPaths.some((p) => path === p || path.startsWith(`${p}.`));
}
