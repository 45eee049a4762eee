/**
 * The ingress gateway Service's ports, the same for both installers. k3d maps the host ports onto
 * the two fixed nodePorts (DESIGN, Ports), so that `localhost` reaches the gateway on every OS.
 */

export interface GatewayServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: "TCP";
  readonly nodePort?: number;
}

/**
 * Istio's default ingress gateway ports, as istioctl renders them
 * (manifests/charts/gateways/istio-ingress/values.yaml): the gateway's Envoy listens on 8080 and 8443
 * and the Service maps 80 and 443 onto them. status-port stays first, as upstream keeps it, because
 * some cloud load balancers health-check the first port (https://github.com/istio/istio/issues/12503).
 * Its nodePort is left to Kubernetes.
 */
export function gatewayServicePorts(nodePorts: {
  readonly http: number;
  readonly https: number;
}): GatewayServicePort[] {
  return [
    { name: "status-port", port: 15021, targetPort: 15021, protocol: "TCP" },
    { name: "http2", port: 80, targetPort: 8080, protocol: "TCP", nodePort: nodePorts.http },
    { name: "https", port: 443, targetPort: 8443, protocol: "TCP", nodePort: nodePorts.https },
  ];
}
