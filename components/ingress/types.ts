import type * as pulumi from "@pulumi/pulumi";

/** Namespace-qualified Gateway names, as a VirtualService in any namespace must write them. */
export interface GatewayReferences {
  readonly http: string;
  readonly https: string;
}

/**
 * What the rest of the program needs from the stack's ingress, whichever API it uses: Ingress (the
 * walkthrough's Istio Gateways) and GatewayApiIngress (one Gateway API Gateway) both implement it.
 */
export interface SandboxIngress {
  /** The Gateways for HTTP and HTTPS as `namespace/name` (one Gateway serves both in the Gateway API). */
  readonly gateways: GatewayReferences;
  /** Where the gateway proxy and its Service run. */
  readonly namespace: string;
  /** Labels of the gateway proxy pods. */
  readonly gatewayLabels: Readonly<Record<string, string>>;
  /** The LoadBalancer Service whose address the stack waits for and reports. */
  readonly gatewayServiceName: string;
  /** Done once that Service is bound to appear. */
  readonly ready: readonly pulumi.Input<pulumi.Resource>[];
  /** The Istio Gateways that VirtualServices bind to; undefined where HTTPRoutes do the routing. */
  readonly virtualServiceGateways?: GatewayReferences;
}
