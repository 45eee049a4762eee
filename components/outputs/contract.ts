/**
 * The shape of the stack outputs. `index.ts` exports exactly these keys, and `npm run verify`
 * reads them back with `pulumi stack output --json --show-secrets`, so both sides share this type.
 */

export interface AppEndpoint {
  readonly name: string;
  readonly namespace: string;
  /** The host the VirtualService serves, e.g. `helloworld.fireflyclass.com`. */
  readonly host: string;
  readonly urls: {
    /** Through the ingress gateway's load-balancer address, when it has one. */
    readonly http?: string;
    readonly https?: string;
    /** Through the k3d host ports on localhost (k3d mode only). */
    readonly localHttp?: string;
    readonly localHttps?: string;
  };
  /** Ready-to-paste commands that need no /etc/hosts entry (`--resolve`), run from the project folder. */
  readonly curl: {
    readonly http: string;
    readonly https: string;
    /** Expected to fail certificate verification: the proof that the CA matters. */
    readonly httpsWithoutCa: string;
  };
}

export interface IngressEndpoint {
  /** The gateway Service's load-balancer address (MetalLB's, or the cluster's own), if any. */
  readonly address?: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Host ports on localhost that reach the gateway (k3d mode only). */
  readonly localHttpPort?: number;
  readonly localHttpsPort?: number;
  readonly httpsRedirect: boolean;
  readonly tlsMode: "SIMPLE" | "MUTUAL";
  /** `namespace/name` of the HTTP and HTTPS Gateways. */
  readonly gateways: { readonly http: string; readonly https: string };
}

/** An add-on's UI, served through the ingress at `https://<addon>.<domain><path>`. */
export interface AddonEndpoint {
  readonly name: "prometheus" | "grafana" | "kiali" | "jaeger";
  readonly host: string;
  /** Where the UI lives on that host, e.g. `/kiali`. */
  readonly path: string;
  /** What the UI shows. */
  readonly purpose: string;
  readonly urls: {
    /** Through the ingress gateway's load-balancer address, when it has one. */
    readonly https?: string;
    /** Through the k3d HTTPS host port on localhost (k3d mode only). */
    readonly localHttps?: string;
  };
  /** A ready-to-paste check that needs no /etc/hosts entry, run from the project folder. */
  readonly curl: string;
}

export interface StackOutputs {
  readonly mode: "k3d" | "existing";
  readonly clusterName: string;
  /** Secret; k3d mode only (in existing mode the kubeconfig is the user's own). */
  readonly kubeconfig?: string;
  readonly ingress: IngressEndpoint;
  readonly mtlsMode: "STRICT" | "PERMISSIVE";
  /** The installer of the last update; a later run compares istioInstaller with it. */
  readonly istioInstaller: "istioctl" | "helm";
  readonly apps: readonly AppEndpoint[];
  /** PEM; save it with `npm run -s outputs -- caCertificate > ca.crt`. */
  readonly caCertificate: string;
  /** MUTUAL mode only. */
  readonly clientCertificate?: string;
  /** MUTUAL mode only. Secret. */
  readonly clientPrivateKey?: string;
  /**
   * `istio` (Gateway + VirtualService) or `gateway-api` (Gateway + HTTPRoute); absent on stacks made
   * before. A later run compares ingressApi with it.
   */
  readonly ingressApi?: "istio" | "gateway-api";
  /**
   * Existing mode only: the kubeconfig context and API server URL (no credentials) the last update ran
   * against. A later run on another context or server stops unless kubeContext names the new context.
   */
  readonly clusterTarget?: { readonly context: string; readonly server: string };
  /** `sidecar` or `ambient`; absent on stacks made before. */
  readonly dataplaneMode?: "sidecar" | "ambient";
  /** Ambient only: a waypoint serves each app namespace. */
  readonly waypoint?: boolean;
  /** The enabled add-ons' UIs (empty when none). */
  readonly addons?: readonly AddonEndpoint[];
  /** Who signs workload certificates: `sandbox` (the stack's CA, via istiod's intermediate) or `istiod`; absent on stacks made before. */
  readonly meshCa?: "istiod" | "sandbox";
  /** What to do next, as text. */
  readonly nextSteps: string;
  /** With istioRevision only: the control plane revisions, the tags, and what each app namespace uses. */
  readonly istioRevisions?: RevisionsOutput;
}

/** The revisions of the last update, as `istioctl tag list` would show them. */
export interface RevisionsOutput {
  readonly main: string;
  readonly canary?: string;
  /** Tag → revision, `default` included. */
  readonly tags: Readonly<Record<string, string>>;
  /** Each app namespace: its `istio.io/rev` label and the revision that label reaches. */
  readonly namespaces: Readonly<Record<string, { readonly label: string; readonly revision: string }>>;
}
