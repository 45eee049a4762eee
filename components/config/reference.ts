/**
 * One line of documentation per config key. The README's configuration reference and Pulumi.yaml's
 * config declarations are both rendered from this and the schema's defaults, and a test fails when
 * either file drifts (regenerate with `npm run docs:config`).
 */
import { configSchema, type ParsedConfig } from "./schema";

export interface KeyDoc {
  readonly group:
    | "Cluster"
    | "k3d"
    | "Existing cluster"
    | "MetalLB"
    | "Istio"
    | "PKI"
    | "Ingress"
    | "Mesh"
    | "Add-ons"
    | "Apps";
  readonly description: string;
}

export const CONFIG_DOCS: Readonly<Record<keyof ParsedConfig, KeyDoc>> = {
  mode: {
    group: "Cluster",
    description: "`k3d` builds a local cluster; `existing` uses the cluster that `kubeconfig` points at.",
  },
  domain: {
    group: "Cluster",
    description: "DNS domain of the apps; the wildcard certificate covers `*.<domain>` and `<domain>`.",
  },
  clusterName: {
    group: "k3d",
    description: "k3d cluster name (RFC 1123, at most 32 characters); the Docker network is `k3d-<name>`.",
  },
  servers: { group: "k3d", description: "k3s server nodes (1, or an odd number for HA)." },
  agents: { group: "k3d", description: "k3s agent nodes (the walkthrough's `--workers`)." },
  k3sImage: { group: "k3d", description: "Pinned k3s node image." },
  registry: {
    group: "k3d",
    description: "Create a local registry `k3d-<name>-registry` beside the cluster.",
  },
  storagePath: {
    group: "k3d",
    description:
      "Path inside each node where a k3d-managed volume is mounted for the local-path provisioner.",
  },
  httpPort: { group: "k3d", description: "Host port that reaches the ingress gateway's HTTP listener." },
  httpsPort: { group: "k3d", description: "Host port that reaches the ingress gateway's HTTPS listener." },
  kubeconfig: {
    group: "Existing cluster",
    description: "Required in existing mode: a kubeconfig path, or its contents (set with `--secret`).",
  },
  kubeContext: {
    group: "Existing cluster",
    description:
      "Context in the kubeconfig; default: its current-context. The stack stays on the cluster of its last update: naming another context here is how it moves.",
  },
  loadBalancer: {
    group: "Existing cluster",
    description:
      "`provided`: the cluster has its own LoadBalancer implementation; `metallb`: install MetalLB.",
  },
  metallbChartVersion: {
    group: "MetalLB",
    description: "MetalLB Helm chart version, 0.13.0 or newer (the first with `IPAddressPool`).",
  },
  metallbChartRepo: {
    group: "MetalLB",
    description:
      "MetalLB Helm repository URL (or a mirror), or an absolute local directory holding the unpacked chart at `<dir>/metallb` (air-gapped).",
  },
  metallbNamespace: {
    group: "MetalLB",
    description: "Namespace of the MetalLB release, pool and advertisement.",
  },
  metallbAddresses: {
    group: "MetalLB",
    description: "Pool as a CIDR or `first-last`; default: a high slice of the k3d Docker network.",
  },
  istioVersion: {
    group: "Istio",
    description:
      "Istio release, 1.30.x or 1.31.x; with the istioctl installer, the `istioctl` on PATH must be this version.",
  },
  istioHub: {
    group: "Istio",
    description:
      "Image hub of every Istio image (IstioOperator `spec.hub`, Helm `global.hub`); set it to a mirror.",
  },
  istioChartRepo: {
    group: "Istio",
    description:
      "Helm installer: Istio's chart repository URL (or a mirror), or an absolute local directory holding each chart unpacked at `<dir>/<chart>` (`helm pull --untar`; air-gapped).",
  },
  istioInstaller: {
    group: "Istio",
    description:
      "`istioctl` (IstioOperator via `istioctl install`) or `helm` (charts base, istiod, gateway).",
  },
  istioProfile: { group: "Istio", description: "IstioOperator profile." },
  meshConfig: {
    group: "Istio",
    description: "Map merged into the IstioOperator's `meshConfig` (e.g. `accessLogFile: /dev/stdout`).",
  },
  istioValues: {
    group: "Istio",
    description:
      "Map merged into the IstioOperator's `values`; with `istioInstaller: helm`, into the `istiod` chart's values only (the gateway, cni and ztunnel charts keep theirs).",
  },
  httpNodePort: {
    group: "Istio",
    description: "Fixed nodePort of the gateway's HTTP port (the k3d host port maps to it).",
  },
  httpsNodePort: { group: "Istio", description: "Fixed nodePort of the gateway's HTTPS port." },
  keyAlgorithm: { group: "PKI", description: "`RSA` or `ECDSA` for the CA, server and client keys." },
  rsaBits: { group: "PKI", description: "RSA key size: 2048, 3072 or 4096." },
  ecdsaCurve: { group: "PKI", description: "ECDSA curve: `P256` or `P384`." },
  certValidityDays: {
    group: "PKI",
    description:
      "Validity of the server and client certificates, at most 397 (browsers refuse longer); `pulumi up` renews them 30 days before expiry.",
  },
  caValidityDays: {
    group: "PKI",
    description:
      "Validity of the CA (a browser that trusts it trusts it for any site, so it is short-lived); `pulumi up` renews it 30 days before expiry and re-signs the certificates with the new CA.",
  },
  certCountry: { group: "PKI", description: "Subject country (two letters)." },
  certProvince: { group: "PKI", description: "Subject state or province." },
  certLocality: { group: "PKI", description: "Subject locality." },
  certOrganization: { group: "PKI", description: "Subject organization; default: the domain." },
  httpGateway: { group: "Ingress", description: "Name of the HTTP Gateway in istio-system." },
  httpsGateway: { group: "Ingress", description: "Name of the HTTPS Gateway in istio-system." },
  credentialName: {
    group: "Ingress",
    description:
      "TLS Secret in istio-system that the HTTPS Gateway names; default: `<first label of domain>-credential`.",
  },
  httpsRedirect: {
    group: "Ingress",
    description: "Answer plain HTTP with a redirect to HTTPS (set on the HTTP server).",
  },
  tlsMode: {
    group: "Ingress",
    description: "`SIMPLE` (server TLS) or `MUTUAL` (clients must present a certificate from the CA).",
  },
  mtlsMode: {
    group: "Mesh",
    description: "PeerAuthentication mode in every app namespace: `STRICT` or `PERMISSIVE`.",
  },
  meshWideMtls: { group: "Mesh", description: "Also create a mesh-wide PeerAuthentication in istio-system." },
  meshCa: {
    group: "Mesh",
    description:
      "Root of the workload certificates: `istiod` (its own self-signed root) or `sandbox` (the stack's CA signs istiod's intermediate, Secret `cacerts` in istio-system).",
  },
  ingressApi: {
    group: "Ingress",
    description:
      "`istio`: the walkthrough's Gateways and VirtualServices; `gateway-api`: a Kubernetes Gateway (class `istio`) and HTTPRoutes.",
  },
  gatewayApiVersion: {
    group: "Ingress",
    description: "Gateway API release whose standard-channel CRDs are installed when something uses them.",
  },
  gatewayApiCrds: {
    group: "Ingress",
    description:
      "Source of the Gateway API CRDs: a URL (downloaded once, then read from the cache in `~/.cache/istio-sandbox/sources`), a local yaml file or a local directory of CRD yaml; default: the release's `standard-install.yaml`.",
  },
  gatewayApiCrdsAdopt: {
    group: "Ingress",
    description:
      "Existing mode: take over Gateway API CRDs that another manager installed (server-side apply with force) instead of using them as they are; needed when theirs are older than v1.6.0.",
  },
  dataplaneMode: {
    group: "Mesh",
    description:
      "`sidecar`: an Envoy beside every pod (`istio-injection`); `ambient`: ztunnel on each node (`istio.io/dataplane-mode`).",
  },
  waypoint: {
    group: "Mesh",
    description:
      "Ambient only: a waypoint proxy (class `istio-waypoint`) per app namespace, for L7 routing and policy.",
  },
  istioPlatform: {
    group: "Istio",
    description:
      "Istio platform profile for an existing cluster (`gke`, `k3s`, `microk8s`, `minikube`, `openshift`); k3d mode always uses `k3d`.",
  },
  istioRevision: {
    group: "Istio",
    description:
      "Install Istio as this revision (e.g. `1-31-1`): `istiod-<revision>`, and app namespaces labelled `istio.io/rev` instead of `istio-injection`; default: no revision.",
  },
  istioCanary: {
    group: "Istio",
    description:
      "A second control plane beside istioRevision: `{version, revision}` (e.g. `{version: 1.31.1, revision: 1-31-1}`); it runs istiod only, the gateways stay with istioRevision.",
  },
  istioTags: {
    group: "Istio",
    description:
      "Revision tags, tag to revision (e.g. `{prod: 1-30-3}`); apps name a tag in `revision`, and moving it moves them. `default` is always set (default: istioRevision).",
  },
  addons: {
    group: "Add-ons",
    description:
      "Any of `prometheus`, `grafana`, `kiali`, `jaeger` (a list, or comma-separated); each UI is served at `https://<addon>.<domain>`.",
  },
  addonsSource: {
    group: "Add-ons",
    description:
      "Base URL (each manifest downloaded once, then read from the cache in `~/.cache/istio-sandbox/sources`) or local directory of the add-on manifests (`<addon>.yaml`); default: Istio's `samples/addons` at `istioVersion`.",
  },
  apps: {
    group: "Apps",
    description:
      "List of apps: `name`, `image` (required), `namespace` (default), `replicas` (1), `port` (80), `targetPort` (8080), `host` (`<name>.<domain>`), `revision` (with istioRevision: a revision or tag for the app's namespace; default istioRevision).",
  },
};

export interface KeyReference extends KeyDoc {
  readonly key: keyof ParsedConfig;
  /** The Pulumi.yaml type, or undefined where Pulumi has none (maps, lists of maps). */
  readonly pulumiType?: "string" | "integer" | "boolean";
  /** The default as Pulumi.yaml and the README show it; undefined when the key has none. */
  readonly default?: string | number | boolean;
  /** Non-scalar defaults (apps, maps), for the README only. */
  readonly structuredDefault?: unknown;
}

/** Every key with its type and default, in schema order. */
export function configReference(): KeyReference[] {
  const defaults = configSchema.parse({});
  return (Object.keys(CONFIG_DOCS) as (keyof ParsedConfig)[]).map((key): KeyReference => {
    const value: unknown = defaults[key];
    const doc = CONFIG_DOCS[key];
    if (typeof value === "number") return { key, ...doc, pulumiType: "integer", default: value };
    if (typeof value === "boolean") return { key, ...doc, pulumiType: "boolean", default: value };
    if (typeof value === "string") return { key, ...doc, pulumiType: "string", default: value };
    return { key, ...doc, structuredDefault: value };
  });
}
