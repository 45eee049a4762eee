import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Existing mode: the kubeconfig context the stack works in and the API server it points at. The
 * server URL (without any credentials) is the cluster's identity; neither is a secret.
 */
export interface ClusterTarget {
  readonly context: string;
  readonly server: string;
}

/**
 * What every in-cluster component needs from a cluster, whichever way it was obtained (k3d or an
 * existing kubeconfig). K3dCluster and ExistingCluster both implement it.
 */
export interface SandboxCluster {
  readonly mode: "k3d" | "existing";
  /** The k3d cluster name, or the kubeconfig context's cluster in existing mode. */
  readonly clusterName: pulumi.Output<string>;
  /** The kubeconfig's contents. Always a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Context to use inside the kubeconfig; undefined means its current-context. */
  readonly context?: string;
  /** Existing mode: the context and API server this run resolved (k3d: undefined, the cluster is the stack's own). */
  readonly target?: ClusterTarget;
  /** Provider for every Kubernetes resource in this cluster. */
  readonly provider: k8s.Provider;
  /** IPv4 subnet of the cluster's Docker network (k3d mode), for deriving a MetalLB pool. */
  readonly dockerSubnet?: pulumi.Output<string>;
  /**
   * Set in k3d mode: the resource whose deletion removes the whole cluster. In-cluster resources
   * are `deletedWith` it, so that destroy is one `k3d cluster delete` and never waits on finalizers
   * (pulumi-kubernetes #1920, #3573).
   */
  readonly deletedWith?: pulumi.Resource;
}

/** Resource options for anything that lives inside the cluster. */
export function inCluster(
  cluster: SandboxCluster,
  opts: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  return { ...opts, provider: cluster.provider, deletedWith: cluster.deletedWith };
}
