/** Where verify connects to reach the ingress gateway. */
import type { IngressEndpoint } from "../../components/outputs/contract";
import type { Endpoint } from "./types";

export interface GatewayEndpoints {
  readonly http: Endpoint;
  readonly https: Endpoint;
  /** Human-readable origin, for the report. */
  readonly via: string;
}

/**
 * Prefers the k3d host ports on 127.0.0.1, which work on every OS (a MetalLB address on the Docker
 * network is reachable from a Linux host only), then the gateway's load-balancer address.
 */
export function gatewayEndpoints(ingress: IngressEndpoint): GatewayEndpoints {
  if (ingress.localHttpPort !== undefined && ingress.localHttpsPort !== undefined) {
    return {
      http: { host: "127.0.0.1", port: ingress.localHttpPort },
      https: { host: "127.0.0.1", port: ingress.localHttpsPort },
      via: `127.0.0.1 (k3d host ports ${ingress.localHttpPort}/${ingress.localHttpsPort})`,
    };
  }
  if (ingress.address !== undefined) {
    return {
      http: { host: ingress.address, port: 80 },
      https: { host: ingress.address, port: 443 },
      via: `${ingress.address} (the gateway's load-balancer address)`,
    };
  }
  throw new Error(
    "the ingress gateway has neither a load-balancer address nor k3d host ports in the stack outputs; check its Service: the EXTERNAL-IP of istio-ingressgateway in istio-system must not be <pending>",
  );
}
