/**
 * Every default the sandbox uses, in one place. The config schema, the README's configuration
 * reference and Pulumi.yaml's config block all describe these values; a test keeps them in step.
 */

/** Pinned upstream versions. Bump them together and re-run `npm run doctor`. */
export const VERSIONS = {
  /**
   * Istio release whose CRDs and IstioOperator API the specs here are checked against. 1.30.0-1.30.3
   * carry ISTIO-SECURITY-2026-006; 1.31 supports Kubernetes 1.32-1.36.
   * https://istio.io/latest/docs/releases/supported-releases/#support-status-of-istio-releases
   */
  istio: "1.31.1",
  /** MetalLB Helm chart; 0.13 removed `configInline`, 0.16 turned FRR-K8s on by default. */
  metallbChart: "0.16.1",
  /** Gateway API CRDs (standard channel); Istio 1.31 is built against v1.6. */
  gatewayApi: "v1.6.1",
  /** k3s image for the k3d nodes: Kubernetes 1.34, inside the range of every supported Istio minor. */
  k3sImage: "rancher/k3s:v1.34.8-k3s1",
} as const;

/**
 * The Istio minors the rendered specs are written for: the releases Istio still supports (1.29 reached
 * end of life on 2026-10-15; https://istio.io/latest/news/releases/1.29.x/announcing-1.29.9/), each of
 * which supports the k3s pin's Kubernetes 1.34, up to the newest whose CRDs and charts they are checked
 * against. Older releases lack the Helm chart layout and values used here; newer ones are untested.
 */
export const ISTIO_SUPPORTED_MINORS = { min: "1.30", max: "1.31" } as const;

/** Kubernetes minors that every Istio minor in ISTIO_SUPPORTED_MINORS supports, for doctor. */
export const KUBERNETES_SUPPORTED_MINORS = { min: "1.32", max: "1.36" } as const;

/**
 * Where the artifacts come from. From December 2026 gcr.io/istio-release, registry.istio.io and the
 * storage.googleapis.com chart repository are shut down; docker.io/istio and blob.istio.io stay.
 * Each is configurable, for mirrors and air-gapped machines.
 */
export const SOURCES = {
  istioHub: "docker.io/istio",
  /** https://istio.io/latest/docs/setup/install/helm/ */
  istioChartRepo: "https://blob.istio.io/istio-release/charts",
  /** https://metallb.universe.tf/installation/#installation-with-helm */
  metallbChartRepo: "https://metallb.github.io/metallb",
} as const;

/** The first MetalLB chart with IPAddressPool and L2Advertisement (configInline was removed). */
export const METALLB_MIN_CHART = "0.13.0";

export const DEFAULTS = {
  mode: "k3d",
  domain: "fireflyclass.com",
  cluster: {
    name: "istio-sandbox",
    servers: 1,
    agents: 0,
    k3sImage: VERSIONS.k3sImage,
    registry: true,
    /** Where k3s's local-path provisioner keeps volumes inside each node. */
    storagePath: "/var/lib/rancher/k3s/storage",
    ports: { http: 80, https: 443 },
  },
  existing: {
    loadBalancer: "provided",
  },
  metallb: {
    chartVersion: VERSIONS.metallbChart,
    chartRepo: SOURCES.metallbChartRepo,
    namespace: "metallb-system",
  },
  istio: {
    version: VERSIONS.istio,
    hub: SOURCES.istioHub,
    chartRepo: SOURCES.istioChartRepo,
    installer: "istioctl",
    profile: "demo",
    /** Fixed nodePorts of the ingress gateway; the k3d host ports are mapped onto these. */
    nodePorts: { http: 30080, https: 30443 },
  },
  pki: {
    algorithm: "RSA",
    rsaBits: 2048,
    ecdsaCurve: "P256",
    /** Browsers refuse server certificates valid longer than 398 days, even under a private CA. */
    validityDays: 397,
    /**
     * The CA lives as long as a server certificate: trusted in a browser and signing for any name (no name
     * constraints), it stops working within a year of being forgotten there, and `pulumi up` renews it.
     */
    caValidityDays: 397,
    /** `pulumi up` replaces a certificate once it is this close to expiry (@pulumi/tls earlyRenewalHours). */
    earlyRenewalDays: 30,
    subject: {
      country: "US",
      province: "Colorado",
      locality: "Boulder",
    },
  },
  ingress: {
    httpGateway: "ingressgateway",
    httpsGateway: "ingressgateway-tls",
    httpsRedirect: false,
    tlsMode: "SIMPLE",
  },
  mtls: {
    mode: "STRICT",
    meshWide: false,
  },
  /** `istiod`: istiod's own self-signed root, as a plain install has; `sandbox`: the stack's CA signs istiod's. */
  meshCa: "istiod",
  ingressApi: "istio",
  gatewayApi: {
    version: VERSIONS.gatewayApi,
    /** Leave another manager's Gateway API CRDs alone unless the user asks to take them over. */
    adopt: false,
  },
  dataplane: {
    mode: "sidecar",
    waypoint: false,
  },
  app: {
    namespace: "default",
    replicas: 1,
    port: 80,
    targetPort: 8080,
  },
  /** The walkthrough's sample app. */
  apps: [
    {
      name: "helloworld",
      image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
    },
  ],
} as const;

/** Namespace of Istio's control plane and of the ingress gateway workload. */
export const ISTIO_NAMESPACE = "istio-system";

/** Labels that Istio's default ingress gateway pods carry, whichever installer made them. */
export const INGRESS_GATEWAY_LABELS: Readonly<Record<string, string>> = Object.freeze({
  istio: "ingressgateway",
  app: "istio-ingressgateway",
});

/** Name of the ingress gateway's Deployment and Service, for both installers. */
export const INGRESS_GATEWAY_NAME = "istio-ingressgateway";

/**
 * What each app container asks the scheduler for. Small, because the sample apps idle; set so that
 * the Deployment carries requests (a sidecar-injected pod without them is hard to reason about).
 */
export const APP_RESOURCE_REQUESTS: Readonly<{ cpu: string; memory: string }> = Object.freeze({
  cpu: "10m",
  memory: "32Mi",
});

/**
 * How long `pulumi up` waits for what the cluster does asynchronously, and how often it looks.
 * MetalLB's webhook: DESIGN ordering rule 3. The gateway's address: rule 4.
 */
export const WAITS: Readonly<{
  metallbWebhookSeconds: number;
  ingressAddressSeconds: number;
  pollIntervalMs: number;
}> = Object.freeze({
  metallbWebhookSeconds: 300,
  ingressAddressSeconds: 300,
  pollIntervalMs: 2000,
});

/** Istio's platform profiles (manifests/helm-profiles/platform-*.yaml); k3d mode always uses `k3d`. */
export const ISTIO_PLATFORMS = ["gke", "k3d", "k3s", "microk8s", "minikube", "openshift"] as const;

/** The add-ons Istio ships tested manifests for under samples/addons/, which the sandbox can install. */
export const ADDON_NAMES = ["prometheus", "grafana", "kiali", "jaeger"] as const;

/**
 * Remote artifacts whose default follows a version: the Gateway API release's standard-channel
 * manifest, and Istio's samples/addons at the release tag (https://github.com/istio/istio/tree/master/samples/addons).
 */
export const VERSIONED_SOURCES = {
  gatewayApiCrds: (version: string) =>
    `https://github.com/kubernetes-sigs/gateway-api/releases/download/${version}/standard-install.yaml`,
  addons: (istioVersion: string) =>
    `https://raw.githubusercontent.com/istio/istio/${istioVersion}/samples/addons`,
} as const;

/**
 * The oldest Gateway API bundle (`gateway.networking.k8s.io/bundle-version`) whose CRDs, found on an
 * existing cluster, the sandbox uses as they are: Istio 1.31 is built against Gateway API v1.6.
 */
export const GATEWAY_API_MIN_BUNDLE = "v1.6.0";

/**
 * Downloaded sources (the add-on manifests, the Gateway API CRDs) are kept, checksummed, under
 * `${XDG_CACHE_HOME:-~/.cache}/<cacheDir>`, so later previews and ups run offline. Each download, and
 * the program's question to an existing cluster about its Gateway API CRDs, has a time limit.
 */
export const SOURCE_FETCH: Readonly<{ cacheDir: string; downloadSeconds: number; crdQuerySeconds: number }> =
  Object.freeze({ cacheDir: "istio-sandbox/sources", downloadSeconds: 60, crdQuerySeconds: 20 });
