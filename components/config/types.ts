/** The validated, typed, frozen configuration that every component receives a slice of. */
import type { ParsedConfig } from "./schema";

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type Parsed = DeepReadonly<ParsedConfig>;

export type ClusterMode = Parsed["mode"];
export type K3dSettings = Parsed["cluster"];
export type ExistingSettings = NonNullable<Parsed["existing"]>;
export type IstioSettings = Parsed["istio"];
export type MtlsSettings = Parsed["mtls"];

export interface MetalLbSettings {
  /** True in k3d mode, or in existing mode with `existing.loadBalancer: metallb`. */
  readonly enabled: boolean;
  readonly chartVersion: string;
  readonly namespace: string;
  /** From config; when absent the pool is derived from the cluster's Docker network. */
  readonly addresses?: string;
}

export interface PkiSettings {
  readonly algorithm: "RSA" | "ECDSA";
  readonly rsaBits: 2048 | 3072 | 4096;
  readonly ecdsaCurve: "P256" | "P384";
  readonly validityDays: number;
  readonly subject: {
    readonly country: string;
    readonly province: string;
    readonly locality: string;
    readonly organization: string;
  };
  /** `ca.<domain>`. */
  readonly caCommonName: string;
}

export interface IngressSettings {
  readonly httpGateway: string;
  readonly httpsGateway: string;
  /** The Secret that the HTTPS Gateway's credentialName names, in the gateway's namespace. */
  readonly credentialName: string;
  readonly httpsRedirect: boolean;
  readonly tlsMode: "SIMPLE" | "MUTUAL";
}

export interface AppSettings {
  readonly name: string;
  readonly image: string;
  readonly namespace: string;
  readonly replicas: number;
  /** Service port. */
  readonly port: number;
  /** Container port. */
  readonly targetPort: number;
  /** `<name>.<domain>` unless set. */
  readonly host: string;
}

export interface SandboxConfig {
  readonly mode: ClusterMode;
  readonly domain: string;
  /** Read in k3d mode only. */
  readonly cluster: K3dSettings;
  /** Present exactly when mode is `existing`. */
  readonly existing?: ExistingSettings;
  readonly metallb: MetalLbSettings;
  readonly istio: IstioSettings;
  readonly pki: PkiSettings;
  readonly ingress: IngressSettings;
  readonly mtls: MtlsSettings;
  readonly apps: readonly AppSettings[];
}
