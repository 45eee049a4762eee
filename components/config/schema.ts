/**
 * The stack configuration's schema. Every key lives under the `istio-sandbox:` namespace; objects are
 * strict, so a typo is an error (with the nearest valid key suggested) rather than a silently
 * ignored setting.
 */
import { z } from "zod";
import { DEFAULTS } from "./defaults";
import {
  addressRange,
  bool,
  dnsLabel,
  dnsName,
  hostPort,
  imageRef,
  int,
  nodePort,
  oneOf,
  passthrough,
  semver,
} from "./rules";

const ports = z
  .strictObject({
    http: hostPort().default(DEFAULTS.cluster.ports.http),
    https: hostPort().default(DEFAULTS.cluster.ports.https),
  })
  .default(DEFAULTS.cluster.ports)
  .refine((p) => p.http !== p.https, {
    error: "http and https must be different host ports",
    path: ["https"],
  });

const clusterSchema = z
  .strictObject({
    // k3d names its containers k3d-NAME-server-0 and its network k3d-NAME; keep the whole
    // hostname a DNS label. https://github.com/k3d-io/k3d/blob/main/pkg/client/cluster.go
    name: dnsLabel("k3d cluster name; it becomes part of container hostnames", 32).default(DEFAULTS.cluster.name),
    servers: int(1, 7, "k3s runs 1 server, or an odd number for embedded etcd HA").default(
      DEFAULTS.cluster.servers,
    ),
    agents: int(0, 20).default(DEFAULTS.cluster.agents),
    k3sImage: imageRef("rancher/k3s:v1.34.1-k3s1")
      .refine((v) => /^rancher\/k3s:v\d+\.\d+\.\d+-k3s\d+$/.test(v), {
        error: "must be a rancher/k3s image with a version tag such as rancher/k3s:v1.34.1-k3s1",
      })
      .default(DEFAULTS.cluster.k3sImage),
    registry: bool().default(DEFAULTS.cluster.registry),
    storagePath: z
      .string()
      .regex(/^\/\S*$/, { error: "must be an absolute path inside the node, such as /var/lib/rancher/k3s/storage" })
      .default(DEFAULTS.cluster.storagePath),
    ports,
  })
  .prefault({});

const existingSchema = z.strictObject({
  kubeconfig: z
    .string({ error: "must be a kubeconfig file path or the kubeconfig's contents" })
    .min(1, { error: "must not be empty" }),
  context: z.string().min(1, { error: "must name a context in the kubeconfig" }).optional(),
  loadBalancer: oneOf(["provided", "metallb"]).default(DEFAULTS.existing.loadBalancer),
});

const metallbSchema = z
  .strictObject({
    chartVersion: semver(DEFAULTS.metallb.chartVersion).default(DEFAULTS.metallb.chartVersion),
    namespace: dnsLabel("Kubernetes namespace").default(DEFAULTS.metallb.namespace),
    addresses: addressRange().optional(),
  })
  .prefault({});

const istioSchema = z
  .strictObject({
    version: semver(DEFAULTS.istio.version).default(DEFAULTS.istio.version),
    installer: oneOf(["istioctl", "helm"]).default(DEFAULTS.istio.installer),
    profile: oneOf(["demo", "default", "minimal"]).default(DEFAULTS.istio.profile),
    meshConfig: passthrough().default({}),
    values: passthrough().default({}),
    nodePorts: z
      .strictObject({
        http: nodePort().default(DEFAULTS.istio.nodePorts.http),
        https: nodePort().default(DEFAULTS.istio.nodePorts.https),
      })
      .default(DEFAULTS.istio.nodePorts)
      .refine((p) => p.http !== p.https, { error: "http and https must be different nodePorts", path: ["https"] }),
  })
  .prefault({});

const pkiSchema = z
  .strictObject({
    algorithm: oneOf(["RSA", "ECDSA"]).default(DEFAULTS.pki.algorithm),
    rsaBits: z
      .preprocess(
        (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
        z.union([z.literal(2048), z.literal(3072), z.literal(4096)], {
          error: "must be 2048, 3072 or 4096 (smaller RSA keys are not safe)",
        }),
      )
      .default(DEFAULTS.pki.rsaBits),
    ecdsaCurve: oneOf(["P256", "P384"]).default(DEFAULTS.pki.ecdsaCurve),
    validityDays: int(1, 36500).default(DEFAULTS.pki.validityDays),
    subject: z
      .strictObject({
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, { error: "must be a two-letter country code such as US" })
          .default(DEFAULTS.pki.subject.country),
        province: z.string().min(1).default(DEFAULTS.pki.subject.province),
        locality: z.string().min(1).default(DEFAULTS.pki.subject.locality),
        organization: z.string().min(1).optional(),
      })
      .prefault({}),
  })
  .prefault({});

const ingressSchema = z
  .strictObject({
    httpGateway: dnsLabel("Gateway name").default(DEFAULTS.ingress.httpGateway),
    httpsGateway: dnsLabel("Gateway name").default(DEFAULTS.ingress.httpsGateway),
    credentialName: dnsLabel("Secret name").optional(),
    httpsRedirect: bool().default(DEFAULTS.ingress.httpsRedirect),
    tlsMode: oneOf(["SIMPLE", "MUTUAL"]).default(DEFAULTS.ingress.tlsMode),
  })
  .prefault({})
  .refine((i) => i.httpGateway !== i.httpsGateway, {
    error: "httpGateway and httpsGateway must be different names",
    path: ["httpsGateway"],
  });

const mtlsSchema = z
  .strictObject({
    mode: oneOf(["STRICT", "PERMISSIVE"]).default(DEFAULTS.mtls.mode),
    meshWide: bool().default(DEFAULTS.mtls.meshWide),
  })
  .prefault({});

const appSchema = z.strictObject({
  name: dnsLabel("app name; used for the Deployment, Service and VirtualService"),
  image: imageRef(DEFAULTS.apps[0].image),
  namespace: dnsLabel("Kubernetes namespace").default(DEFAULTS.app.namespace),
  replicas: int(1, 10).default(DEFAULTS.app.replicas),
  port: int(1, 65535).default(DEFAULTS.app.port),
  targetPort: int(1, 65535).default(DEFAULTS.app.targetPort),
  /** Defaults to `<name>.<domain>`. */
  host: z.string().optional(),
});

export const configSchema = z.strictObject({
  mode: oneOf(["k3d", "existing"]).default(DEFAULTS.mode),
  domain: dnsName().default(DEFAULTS.domain),
  cluster: clusterSchema,
  existing: existingSchema.optional(),
  metallb: metallbSchema,
  istio: istioSchema,
  pki: pkiSchema,
  ingress: ingressSchema,
  mtls: mtlsSchema,
  apps: z
    .array(appSchema, { error: "must be a list of apps" })
    .min(1, { error: "must list at least one app" })
    .prefault(() => DEFAULTS.apps.map((a) => ({ ...a }))),
});

/** The config as written in the stack file, before defaults and derivations. */
export type RawConfig = z.input<typeof configSchema>;
/** The config after the schema's defaults. */
export type ParsedConfig = z.output<typeof configSchema>;
