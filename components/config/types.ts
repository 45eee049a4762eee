/** The validated, typed, frozen configuration that every component receives a slice of. */

export type ClusterMode = "k3d" | "existing";

export interface K3dSettings {
  readonly name: string;
  readonly servers: number;
  readonly agents: number;
  readonly k3sImage: string;
  readonly registry: boolean;
  /** Where k3s's local-path provisioner keeps volumes inside each node. */
  readonly storagePath: string;
  /** Host ports that reach the ingress gateway. */
  readonly ports: { readonly http: number; readonly https: number };
}

export interface ExistingSettings {
  /** A kubeconfig file path or its contents. */
  readonly kubeconfig: string;
  readonly context?: string;
  /** `provided`: the cluster has its own LoadBalancer implementation; `metallb`: install MetalLB. */
  readonly loadBalancer: "provided" | "metallb";
}

export interface MetalLbSettings {
  /** True in k3d mode, or in existing mode with `loadBalancer: metallb`. */
  readonly enabled: boolean;
  readonly chartVersion: string;
  /** A Helm repository URL, or a local directory holding the unpacked chart at `<dir>/metallb`. */
  readonly chartRepo: string;
  readonly namespace: string;
  /** From config; when absent the pool is derived from the cluster's Docker network. */
  readonly addresses?: string;
}

export interface IstioSettings {
  readonly version: string;
  /** Image hub of every Istio image (IstioOperator `spec.hub`, Helm `global.hub`). */
  readonly hub: string;
  /** A Helm repository URL, or a local directory holding each chart unpacked at `<dir>/<chart>`. */
  readonly chartRepo: string;
  readonly installer: "istioctl" | "helm";
  /** `ambient` exactly when the data plane is ambient; otherwise the configured istioProfile. */
  readonly profile: "demo" | "default" | "minimal" | "ambient";
  /** Istio's platform profile (`values.global.platform`): `k3d` in k3d mode, else istioPlatform. */
  readonly platform?: IstioPlatform;
  /** Install the classic ingress gateway (ingressApi istio); the Gateway API deploys its own. */
  readonly ingressGateway: boolean;
  /** Merged into the IstioOperator's meshConfig. */
  readonly meshConfig: Readonly<Record<string, unknown>>;
  /** Merged into the IstioOperator's values; with the Helm installer, into the istiod chart's values only. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Fixed nodePorts of the ingress gateway Service. */
  readonly nodePorts: { readonly http: number; readonly https: number };
  /** Istio installed as revisions (istioRevision); absent: one control plane without a revision. */
  readonly revisions?: IstioRevisionSettings;
}

/** One control plane revision: `istiod-<name>` at `version`. */
export interface IstioRevision {
  readonly name: string;
  readonly version: string;
}

/** The stack's control plane revisions and revision tags (istioRevision, istioCanary, istioTags). */
export interface IstioRevisionSettings {
  /** istioRevision at istioVersion: it also runs the gateways, and in ambient mode istio-cni and ztunnel. */
  readonly main: IstioRevision;
  /** istioCanary: a second control plane beside the main one. */
  readonly canary?: IstioRevision;
  /** Tag → revision, always with `default` (istioTags.default, else the main revision). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface PkiSettings {
  readonly algorithm: "RSA" | "ECDSA";
  readonly rsaBits: 2048 | 3072 | 4096;
  readonly ecdsaCurve: "P256" | "P384";
  /** Validity of the server and client certificates. */
  readonly validityDays: number;
  readonly caValidityDays: number;
  /** How long before expiry `pulumi up` replaces a certificate. */
  readonly earlyRenewalDays: number;
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

/**
 * Who signs the mesh's workload certificates: `istiod` with its own self-signed root, or `sandbox`,
 * where the stack's CA signs an intermediate that istiod reads from the `cacerts` Secret.
 */
export type MeshCaMode = "istiod" | "sandbox";

export interface MtlsSettings {
  readonly mode: "STRICT" | "PERMISSIVE";
  /** Also create a mesh-wide PeerAuthentication in the Istio root namespace. */
  readonly meshWide: boolean;
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
  /** With revisions only: the revision or tag its namespace's `istio.io/rev` names (default istioRevision). */
  readonly revision?: string;
}

export type IstioPlatform = "gke" | "k3d" | "k3s" | "microk8s" | "minikube" | "openshift";
export type IngressApi = "istio" | "gateway-api";
export type AddonName = "prometheus" | "grafana" | "kiali" | "jaeger";

export interface GatewayApiSettings {
  /** Release tag, e.g. `v1.6.1`. */
  readonly version: string;
  /** The CRDs' source: a URL, a local yaml file, or a local directory of CRD yaml files. */
  readonly crds: string;
  /** True when anything declares Gateway API objects (ingressApi gateway-api, or waypoints). */
  readonly install: boolean;
  /** Existing mode: take over CRDs another manager installed, instead of using them as they are. */
  readonly adopt: boolean;
}

export interface DataplaneSettings {
  readonly mode: "sidecar" | "ambient";
  /** Ambient only: a waypoint in each app namespace, for L7 features. */
  readonly waypoint: boolean;
}

export interface AddonsSettings {
  /** In install order; empty when none. */
  readonly enabled: readonly AddonName[];
  /** Base URL or local directory holding `<addon>.yaml`. */
  readonly source: string;
  /** The Istio release the manifests belong to; a downloaded copy is cached under it. */
  readonly version: string;
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
  readonly meshCa: MeshCaMode;
  readonly apps: readonly AppSettings[];
  readonly ingressApi: IngressApi;
  readonly gatewayApi: GatewayApiSettings;
  readonly dataplane: DataplaneSettings;
  readonly addons: AddonsSettings;
}
