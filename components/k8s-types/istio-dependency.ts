import type * as pulumi from "@pulumi/pulumi";

/**
 * What the traffic and trust components need from the Istio install. The Istio component satisfies
 * it structurally; tests pass a stand-in whose readiness they control.
 */
export interface IstioDependency {
  /** Istio's root namespace, where the ingress gateway workload and its Gateways live. */
  readonly namespace: string;
  /** Labels of the ingress gateway pods: the Gateways' selector. */
  readonly gatewayLabels: Readonly<Record<string, string>>;
  /** The ingress gateway's LoadBalancer Service. */
  readonly gatewayServiceName: string;
  /** Resolve once Istio's CRDs exist and its injector webhook serves (DESIGN ordering rules 1 and 2). */
  readonly ready: pulumi.Input<pulumi.Resource>[];
}
