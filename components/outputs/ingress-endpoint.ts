/** The `ingress` stack output, from settings and what the cluster reports. */
import type { IngressSettings } from "../config/types";
import type { IngressEndpoint } from "./contract";

export interface IngressEndpointInput {
  /** The gateway Service's load-balancer address, once it has one. */
  readonly address?: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  /** k3d host ports that reach the gateway; absent in existing mode. */
  readonly localPorts?: { readonly http: number; readonly https: number };
  readonly settings: Pick<IngressSettings, "httpsRedirect" | "tlsMode">;
  /** `Ingress.gateways`. */
  readonly gateways: { readonly http: string; readonly https: string };
}

export function ingressEndpoint(input: IngressEndpointInput): IngressEndpoint {
  const address = input.address?.trim();
  return {
    // An empty address (a Service still pending) is no address.
    ...(address ? { address } : {}),
    namespace: input.namespace,
    selector: { ...input.selector },
    ...(input.localPorts
      ? { localHttpPort: input.localPorts.http, localHttpsPort: input.localPorts.https }
      : {}),
    httpsRedirect: input.settings.httpsRedirect,
    tlsMode: input.settings.tlsMode,
    gateways: { http: input.gateways.http, https: input.gateways.https },
  };
}
