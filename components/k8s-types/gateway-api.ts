/**
 * Typed specs for the Gateway API objects the sandbox declares (gateway.networking.k8s.io/v1, the
 * standard channel). `CustomResourceArgs` accepts any field, so these interfaces make a misspelled
 * field a compile error. They cover the subset of the v1.6 CRDs the sandbox uses; field names follow
 * https://gateway-api.sigs.k8s.io/reference/spec/ (Gateway, HTTPRoute).
 */

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** Istio's GatewayClass for ingress; istiod deploys a proxy for each Gateway of this class. */
export const ISTIO_GATEWAY_CLASS = "istio";
/** Istio's GatewayClass for ambient waypoints. */
export const ISTIO_WAYPOINT_CLASS = "istio-waypoint";

export interface ObjectReference {
  /** "" for the core API group. */
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface GatewayTlsConfig {
  readonly mode: "Terminate" | "Passthrough";
  readonly certificateRefs?: readonly ObjectReference[];
}

export interface AllowedRoutes {
  readonly namespaces?: {
    readonly from: "All" | "Same" | "Selector";
    readonly selector?: { readonly matchLabels: Readonly<Record<string, string>> };
  };
}

export interface Listener {
  readonly name: string;
  readonly hostname?: string;
  readonly port: number;
  readonly protocol: "HTTP" | "HTTPS" | "HBONE" | "TLS" | "TCP";
  readonly tls?: GatewayTlsConfig;
  readonly allowedRoutes?: AllowedRoutes;
}

export interface GatewaySpec {
  readonly gatewayClassName: string;
  readonly listeners: readonly Listener[];
  readonly infrastructure?: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly parametersRef?: { readonly group: string; readonly kind: string; readonly name: string };
  };
}

export interface ParentReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

export interface HttpRouteFilter {
  readonly type: "RequestRedirect";
  readonly requestRedirect: { readonly scheme: "https"; readonly statusCode: 301 | 302 };
}

export interface HttpBackendRef {
  readonly name: string;
  readonly namespace?: string;
  readonly port: number;
}

export interface HttpRouteRule {
  readonly name?: string;
  readonly matches?: readonly { readonly path: { readonly type: "PathPrefix"; readonly value: string } }[];
  readonly filters?: readonly HttpRouteFilter[];
  readonly backendRefs?: readonly HttpBackendRef[];
}

export interface HttpRouteSpec {
  readonly parentRefs: readonly ParentReference[];
  readonly hostnames?: readonly string[];
  readonly rules: readonly HttpRouteRule[];
}

interface GatewayApiKinds {
  readonly Gateway: { readonly apiVersion: typeof GATEWAY_API_VERSION; readonly spec: GatewaySpec };
  readonly HTTPRoute: { readonly apiVersion: typeof GATEWAY_API_VERSION; readonly spec: HttpRouteSpec };
}

export type GatewayApiKind = keyof GatewayApiKinds;

export interface GatewayApiObject<K extends GatewayApiKind> {
  readonly apiVersion: GatewayApiKinds[K]["apiVersion"];
  readonly kind: K;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly spec: GatewayApiKinds[K]["spec"];
}
