/**
 * The stack configuration's schema: flat keys under the `istio-sandbox:` namespace, so that each one
 * is a plain `pulumi config set KEY VALUE` and Pulumi.yaml can declare its type (project config
 * types are string, integer, boolean or array; https://www.pulumi.com/docs/iac/concepts/projects/project-file/#config-options).
 * The object is strict: a typo is an error with the nearest valid key, not a silently ignored setting.
 */
import { z } from "zod";
import {
  ADDON_NAMES,
  DEFAULTS,
  ISTIO_PLATFORMS,
  ISTIO_SUPPORTED_MINORS,
  METALLB_MIN_CHART,
  VERSIONED_SOURCES,
} from "./defaults";
import {
  addressRange,
  bool,
  dnsLabel,
  dnsName,
  hostPort,
  imageHub,
  imageRef,
  int,
  nodePort,
  oneOf,
  passthrough,
  source,
  versionAtLeast,
  versionInMinors,
} from "./rules";
import { canarySchema, revisionName, tagsSchema } from "./revision-rules";

/** `kiali,grafana` or `["kiali","grafana"]` (a list as the engine passes it) as a list. */
function addonList(text: string): unknown {
  if (/^\s*\[/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text.split(/[\s,]+/).filter((name) => name !== "");
}

const appSchema = z.strictObject({
  name: dnsLabel("app name; used for the Deployment, Service and VirtualService"),
  image: imageRef(DEFAULTS.apps[0].image),
  namespace: dnsLabel("Kubernetes namespace").default(DEFAULTS.app.namespace),
  replicas: int(1, 10).default(DEFAULTS.app.replicas),
  port: int(1, 65535).default(DEFAULTS.app.port),
  targetPort: int(1, 65535).default(DEFAULTS.app.targetPort),
  /** Defaults to `<name>.<domain>`. */
  host: z.string({ error: "must be a host name such as helloworld.example.com" }).optional(),
  /** With istioRevision: a revision or tag of the stack; defaults to istioRevision. */
  revision: dnsLabel("a revision or revision tag of this stack").optional(),
});

export const configSchema = z.strictObject({
  // Where the cluster comes from.
  mode: oneOf(["k3d", "existing"]).default(DEFAULTS.mode),
  domain: dnsName().default(DEFAULTS.domain),

  // k3d mode. k3d accepts cluster names that are RFC 1123 hostnames of at most 32 characters.
  // https://github.com/k3d-io/k3d/blob/main/pkg/client/clusterName.go
  clusterName: dnsLabel("k3d cluster name; at most 32 characters", 32).default(DEFAULTS.cluster.name),
  servers: int(1, 7, "k3s runs 1 server, or an odd number for embedded etcd HA")
    // Only a whole number in range gets this check; anything else already has its message.
    .refine((n) => !Number.isInteger(n) || n < 1 || n > 7 || n % 2 === 1, {
      // etcd needs a majority: an even count tolerates no more failures than one server fewer.
      error: "must be odd (1, 3, 5 or 7): embedded etcd needs a majority, so an even count adds no safety",
    })
    .default(DEFAULTS.cluster.servers),
  agents: int(0, 20).default(DEFAULTS.cluster.agents),
  k3sImage: imageRef(DEFAULTS.cluster.k3sImage)
    .refine((v) => /^rancher\/k3s:v\d+\.\d+\.\d+-k3s\d+$/.test(v), {
      error: `must be a rancher/k3s image with a version tag such as ${DEFAULTS.cluster.k3sImage}`,
    })
    .default(DEFAULTS.cluster.k3sImage),
  registry: bool().default(DEFAULTS.cluster.registry),
  storagePath: z
    .string()
    .regex(/^\/\S*$/, {
      error: "must be an absolute path inside the node, such as /var/lib/rancher/k3s/storage",
    })
    .default(DEFAULTS.cluster.storagePath),
  httpPort: hostPort().default(DEFAULTS.cluster.ports.http),
  httpsPort: hostPort().default(DEFAULTS.cluster.ports.https),

  // existing mode.
  kubeconfig: z
    .string({ error: "must be a kubeconfig file path or the kubeconfig's contents" })
    .min(1, { error: "must not be empty" })
    .optional(),
  kubeContext: z.string().min(1, { error: "must name a context in the kubeconfig" }).optional(),
  loadBalancer: oneOf(["provided", "metallb"]).default(DEFAULTS.existing.loadBalancer),

  // MetalLB.
  metallbChartVersion: versionAtLeast(
    DEFAULTS.metallb.chartVersion,
    METALLB_MIN_CHART,
    "the first chart with IPAddressPool and L2Advertisement; older charts need configInline",
  ).default(DEFAULTS.metallb.chartVersion),
  metallbChartRepo: source(
    DEFAULTS.metallb.chartRepo,
    "a directory holding the unpacked chart at <dir>/metallb",
  ).default(DEFAULTS.metallb.chartRepo),
  metallbNamespace: dnsLabel("Kubernetes namespace").default(DEFAULTS.metallb.namespace),
  metallbAddresses: addressRange().optional(),

  // Istio.
  istioVersion: versionInMinors(
    DEFAULTS.istio.version,
    ISTIO_SUPPORTED_MINORS,
    "the releases the rendered IstioOperator and Helm values are written for",
  ).default(DEFAULTS.istio.version),
  istioHub: imageHub(DEFAULTS.istio.hub).default(DEFAULTS.istio.hub),
  istioChartRepo: source(
    DEFAULTS.istio.chartRepo,
    "a directory holding the unpacked charts at <dir>/base, <dir>/istiod, <dir>/gateway",
  ).default(DEFAULTS.istio.chartRepo),
  istioInstaller: oneOf(["istioctl", "helm"]).default(DEFAULTS.istio.installer),
  istioProfile: oneOf(["demo", "default", "minimal"]).default(DEFAULTS.istio.profile),
  meshConfig: passthrough().default({}),
  istioValues: passthrough().default({}),
  httpNodePort: nodePort().default(DEFAULTS.istio.nodePorts.http),
  httpsNodePort: nodePort().default(DEFAULTS.istio.nodePorts.https),

  // PKI.
  keyAlgorithm: oneOf(["RSA", "ECDSA"]).default(DEFAULTS.pki.algorithm),
  rsaBits: z
    .preprocess(
      (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
      z.union([z.literal(2048), z.literal(3072), z.literal(4096)], {
        error: "must be 2048, 3072 or 4096 (smaller RSA keys are not safe)",
      }),
    )
    .default(DEFAULTS.pki.rsaBits),
  ecdsaCurve: oneOf(["P256", "P384"]).default(DEFAULTS.pki.ecdsaCurve),
  certValidityDays: int(
    1,
    397,
    "browsers refuse server certificates valid longer than 398 days, even under a private CA",
  ).default(DEFAULTS.pki.validityDays),
  caValidityDays: int(1, 36500).default(DEFAULTS.pki.caValidityDays),
  certCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: "must be a two-letter country code such as US" })
    .default(DEFAULTS.pki.subject.country),
  certProvince: z.string().min(1, { error: "must not be empty" }).default(DEFAULTS.pki.subject.province),
  certLocality: z.string().min(1, { error: "must not be empty" }).default(DEFAULTS.pki.subject.locality),
  /** Defaults to the domain. */
  certOrganization: z.string().min(1, { error: "must not be empty" }).optional(),

  // Ingress.
  httpGateway: dnsLabel("Gateway name").default(DEFAULTS.ingress.httpGateway),
  httpsGateway: dnsLabel("Gateway name").default(DEFAULTS.ingress.httpsGateway),
  /** Defaults to `<first label of the domain>-credential`. */
  credentialName: dnsLabel("Secret name").optional(),
  httpsRedirect: bool().default(DEFAULTS.ingress.httpsRedirect),
  tlsMode: oneOf(["SIMPLE", "MUTUAL"]).default(DEFAULTS.ingress.tlsMode),

  // Mesh security.
  mtlsMode: oneOf(["STRICT", "PERMISSIVE"]).default(DEFAULTS.mtls.mode),
  meshWideMtls: bool().default(DEFAULTS.mtls.meshWide),
  meshCa: oneOf(["istiod", "sandbox"]).default(DEFAULTS.meshCa),

  // Istio as it is today: the Gateway API, ambient mode, add-ons.
  ingressApi: oneOf(["istio", "gateway-api"]).default(DEFAULTS.ingressApi),
  gatewayApiVersion: z
    .string({ error: `must be a Gateway API release such as ${DEFAULTS.gatewayApi.version}` })
    .regex(/^v\d+\.\d+\.\d+$/, {
      error: `must be a Gateway API release tag such as ${DEFAULTS.gatewayApi.version} (with the leading 'v')`,
    })
    .default(DEFAULTS.gatewayApi.version),
  /** Defaults to the release's standard-install.yaml. */
  gatewayApiCrds: source(
    VERSIONED_SOURCES.gatewayApiCrds(DEFAULTS.gatewayApi.version),
    "a CRD yaml file, or a directory of CRD yaml files",
  ).optional(),
  gatewayApiCrdsAdopt: bool().default(DEFAULTS.gatewayApi.adopt),
  dataplaneMode: oneOf(["sidecar", "ambient"]).default(DEFAULTS.dataplane.mode),
  waypoint: bool().default(DEFAULTS.dataplane.waypoint),
  istioPlatform: oneOf(ISTIO_PLATFORMS).optional(),
  // Revisions: a canary control plane beside the main one, and tags that point at either.
  istioRevision: revisionName().optional(),
  istioCanary: canarySchema().optional(),
  istioTags: tagsSchema().default({}),
  // `pulumi config set addons kiali,grafana` stores text; a YAML list reaches the program as JSON text.
  addons: z
    .preprocess(
      (v) => (typeof v === "string" ? addonList(v) : v),
      z.array(oneOf(ADDON_NAMES), { error: `must be a list of add-ons from ${ADDON_NAMES.join(", ")}` }),
    )
    .default([]),
  /** Defaults to Istio's samples/addons at istioVersion. */
  addonsSource: source(
    VERSIONED_SOURCES.addons(DEFAULTS.istio.version),
    "a directory holding prometheus.yaml, grafana.yaml, kiali.yaml, jaeger.yaml",
  ).optional(),

  apps: z
    .array(appSchema, { error: "must be a list of apps" })
    .min(1, { error: "must list at least one app" })
    .prefault(() => DEFAULTS.apps.map((a) => ({ ...a }))),
});

/** The config as written in the stack file, before defaults and derivations. */
export type RawConfig = z.input<typeof configSchema>;
/** The config after the schema's defaults. */
export type ParsedConfig = z.output<typeof configSchema>;

/** Every key this project reads, for docs and for Pulumi.yaml's declarations. */
export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof ParsedConfig)[];
