/**
 * Typed specs for the Istio custom resources the sandbox declares. `CustomResourceArgs` accepts any
 * field, so these interfaces are what make a misspelled field a compile error. They cover the subset
 * of the upstream CRDs (networking.istio.io/v1, security.istio.io/v1) that the sandbox uses; field
 * names follow https://istio.io/latest/docs/reference/config/networking/gateway/,
 * .../virtual-service/ and https://istio.io/latest/docs/reference/config/security/peer_authentication/.
 */

export const ISTIO_NETWORKING_API_VERSION = "networking.istio.io/v1";
export const ISTIO_SECURITY_API_VERSION = "security.istio.io/v1";
export const ISTIO_TELEMETRY_API_VERSION = "telemetry.istio.io/v1";

export type ServerTlsMode = "SIMPLE" | "MUTUAL";

export interface ServerTlsSettings {
  /** Only meaningful on a plain-HTTP server: answers every request with a 301 to https. */
  readonly httpsRedirect?: boolean;
  readonly mode?: ServerTlsMode;
  /** Secret in the gateway workload's namespace holding the certificate (and CA for MUTUAL). */
  readonly credentialName?: string;
}

export interface GatewayPort {
  readonly number: number;
  readonly name: string;
  readonly protocol: "HTTP" | "HTTPS";
}

export interface GatewayServer {
  readonly port: GatewayPort;
  readonly hosts: readonly string[];
  readonly tls?: ServerTlsSettings;
}

export interface GatewaySpec {
  readonly selector: Readonly<Record<string, string>>;
  readonly servers: readonly GatewayServer[];
}

export interface Destination {
  readonly host: string;
  readonly port: { readonly number: number };
}

export interface HttpRouteDestination {
  readonly destination: Destination;
}

export interface HttpRoute {
  readonly name?: string;
  readonly route: readonly HttpRouteDestination[];
}

export interface VirtualServiceSpec {
  readonly hosts: readonly string[];
  /** Each entry is `<namespace>/<name>`; a bare name means the VirtualService's own namespace. */
  readonly gateways: readonly string[];
  readonly http: readonly HttpRoute[];
}

export type PeerAuthenticationMode = "STRICT" | "PERMISSIVE";

export interface PeerAuthenticationSpec {
  readonly mtls: { readonly mode: PeerAuthenticationMode };
}

/** https://istio.io/latest/docs/reference/config/telemetry/#Tracing */
export interface TelemetrySpec {
  readonly tracing: readonly {
    readonly providers: readonly { readonly name: string }[];
    readonly randomSamplingPercentage?: number;
  }[];
}

/** The Istio kinds the sandbox declares, with the apiVersion and spec type of each. */
interface IstioKinds {
  readonly Gateway: { readonly apiVersion: typeof ISTIO_NETWORKING_API_VERSION; readonly spec: GatewaySpec };
  readonly VirtualService: {
    readonly apiVersion: typeof ISTIO_NETWORKING_API_VERSION;
    readonly spec: VirtualServiceSpec;
  };
  readonly PeerAuthentication: {
    readonly apiVersion: typeof ISTIO_SECURITY_API_VERSION;
    readonly spec: PeerAuthenticationSpec;
  };
  readonly Telemetry: {
    readonly apiVersion: typeof ISTIO_TELEMETRY_API_VERSION;
    readonly spec: TelemetrySpec;
  };
}

export type IstioKind = keyof IstioKinds;

export interface IstioObject<K extends IstioKind> {
  readonly apiVersion: IstioKinds[K]["apiVersion"];
  readonly kind: K;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: IstioKinds[K]["spec"];
}
