/**
 * Fixtures for the policy tests: resources shaped as the program registers them, and a whole
 * dev stack (the walkthrough done right) that each test bends into one of the walkthrough's
 * mistakes.
 */
import { StackView, type StackResource } from "../../policies/lib/stack";
import type { PolicyPackConfig } from "@pulumi/policy";
import { runPack, urnFor, type CapturedResource, type PackViolation } from "../../policies/testing/run-pack";

export interface Fixture extends CapturedResource, StackResource {
  readonly urn: string;
  readonly dependencies: readonly string[];
  readonly props: Record<string, unknown>;
}

export interface FixtureOptions {
  readonly dependsOn?: readonly Fixture[];
  readonly parent?: Fixture;
}

export function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  opts: FixtureOptions = {},
): Fixture {
  return {
    type,
    name,
    urn: urnFor(type, name),
    props,
    dependencies: (opts.dependsOn ?? []).map((d) => d.urn),
    parent: opts.parent?.urn,
  };
}

export function component(type: string, name: string, opts: FixtureOptions = {}): Fixture {
  return resource(type, name, {}, opts);
}

const NETWORKING = "networking.istio.io/v1";

/** An Istio custom resource as the program registers it: type token from apiVersion and kind. */
function istioObject(
  kind: string,
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  opts: FixtureOptions,
  apiVersion: string,
): Fixture {
  return resource(
    `kubernetes:${apiVersion}:${kind}`,
    name,
    { apiVersion, kind, metadata: { name, namespace }, spec },
    opts,
  );
}

export function gateway(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  opts: FixtureOptions = {},
  apiVersion = NETWORKING,
): Fixture {
  return istioObject("Gateway", name, namespace, spec, opts, apiVersion);
}

export function virtualService(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  opts: FixtureOptions = {},
  apiVersion = NETWORKING,
): Fixture {
  return istioObject("VirtualService", name, namespace, spec, opts, apiVersion);
}

export function peerAuthentication(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  opts: FixtureOptions = {},
): Fixture {
  return resource(
    "kubernetes:security.istio.io/v1:PeerAuthentication",
    `${namespace}-${name}`,
    { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name, namespace }, spec },
    opts,
  );
}

export function secret(
  name: string,
  namespace: string,
  body: Record<string, unknown>,
  opts: FixtureOptions = {},
): Fixture {
  return resource(
    "kubernetes:core/v1:Secret",
    `${namespace}-${name}`,
    { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, ...body },
    opts,
  );
}

export function namespace(name: string, labels: Record<string, string>, opts: FixtureOptions = {}): Fixture {
  return resource("kubernetes:core/v1:Namespace", name, { metadata: { name, labels } }, opts);
}

export function namespacePatch(
  name: string,
  labels: Record<string, unknown>,
  opts: FixtureOptions = {},
): Fixture {
  return resource(
    "kubernetes:core/v1:NamespacePatch",
    `${name}-labels`,
    { metadata: { name, labels } },
    opts,
  );
}

export function deployment(
  name: string,
  ns: string,
  labels: Record<string, string>,
  opts: FixtureOptions = {},
): Fixture {
  return resource(
    "kubernetes:apps/v1:Deployment",
    name,
    {
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name, image: "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0" }],
          },
        },
      },
    },
    opts,
  );
}

export function service(
  name: string,
  ns: string,
  selector: Record<string, string>,
  opts: FixtureOptions = {},
): Fixture {
  return resource(
    "kubernetes:core/v1:Service",
    name,
    { metadata: { name, namespace: ns }, spec: { selector, ports: [{ port: 80, targetPort: 8080 }] } },
    opts,
  );
}

export function ingress(name: string, ns: string, spec: Record<string, unknown>): Fixture {
  return resource("kubernetes:networking.k8s.io/v1:Ingress", name, {
    metadata: { name, namespace: ns },
    spec,
  });
}

export const ISTIO_OPERATOR = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: demo
  components:
    ingressGateways:
      - name: istio-ingressgateway
        enabled: true
        k8s:
          service:
            type: LoadBalancer
`;

export function istioctlInstall(stdin: unknown = ISTIO_OPERATOR, opts: FixtureOptions = {}): Fixture {
  return resource(
    "command:local:Command",
    "istioctl-install",
    { create: "istioctl install -y -f -", delete: "istioctl uninstall -y --purge", stdin },
    opts,
  );
}

export function helmRelease(name: string, chart: string, props: Record<string, unknown> = {}): Fixture {
  return resource("kubernetes:helm.sh/v3:Release", name, {
    name,
    chart,
    namespace: "istio-system",
    repositoryOpts: { repo: "https://blob.istio.io/istio-release/charts" },
    ...props,
  });
}

export function privateKey(name: string, props: Record<string, unknown>, opts: FixtureOptions = {}): Fixture {
  return resource("tls:index/privateKey:PrivateKey", name, props, opts);
}

export const SERVER_CERT = "-----BEGIN CERTIFICATE-----\nserver\n-----END CERTIFICATE-----\n";
export const CA_CERT = "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n";
export const SERVER_KEY = "-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n";

export const DOMAIN = "fireflyclass.com";
export const HOST = `helloworld.${DOMAIN}`;

/** Every resource of a dev stack, by role; each test replaces the ones it breaks. */
export interface DevStack {
  [role: string]: Fixture;
}

/** The walkthrough as the program builds it: no mistakes. */
export function devStack(): DevStack {
  const istioComponent = component("istio-sandbox:istio:Istio", "istio");
  const install = istioctlInstall(ISTIO_OPERATOR, { parent: istioComponent });
  const pkiComponent = component("istio-sandbox:pki:Pki", "pki");
  const caKey = privateKey("ca-key", { algorithm: "RSA", rsaBits: 2048 }, { parent: pkiComponent });
  const ca = resource(
    "tls:index/selfSignedCert:SelfSignedCert",
    "ca",
    {
      isCaCertificate: true,
      allowedUses: ["cert_signing", "crl_signing"],
      subject: { commonName: `ca.${DOMAIN}` },
      dnsNames: [],
      privateKeyPem: SERVER_KEY,
    },
    { parent: pkiComponent, dependsOn: [caKey] },
  );
  const serverKey = privateKey(
    "server-key",
    { algorithm: "ECDSA", ecdsaCurve: "P256" },
    { parent: pkiComponent },
  );
  const request = resource(
    "tls:index/certRequest:CertRequest",
    "server-request",
    { subject: { commonName: `*.${DOMAIN}` }, dnsNames: [`*.${DOMAIN}`, DOMAIN] },
    { parent: pkiComponent, dependsOn: [serverKey] },
  );
  const serverCert = resource(
    "tls:index/locallySignedCert:LocallySignedCert",
    "server-cert",
    { isCaCertificate: false, allowedUses: ["digital_signature", "key_encipherment", "server_auth"] },
    { parent: pkiComponent, dependsOn: [request, ca, caKey] },
  );
  const ingressComponent = component("istio-sandbox:ingress:Ingress", "ingress");
  const credential = secret(
    "fireflyclass-credential",
    "istio-system",
    { type: "kubernetes.io/tls", stringData: { "tls.crt": SERVER_CERT, "tls.key": SERVER_KEY } },
    { parent: ingressComponent, dependsOn: [serverCert, serverKey, install] },
  );
  const httpGateway = gateway(
    "ingressgateway",
    "istio-system",
    {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [`*.${DOMAIN}`] }],
    },
    { parent: ingressComponent, dependsOn: [install] },
  );
  const httpsGateway = gateway(
    "ingressgateway-tls",
    "istio-system",
    {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          tls: { mode: "SIMPLE", credentialName: "fireflyclass-credential" },
          hosts: [`*.${DOMAIN}`],
        },
      ],
    },
    { parent: ingressComponent, dependsOn: [install, credential] },
  );
  const meshComponent = component("istio-sandbox:mesh:MeshNamespace", "default");
  const labels = namespacePatch(
    "default",
    { "istio-injection": "enabled" },
    { parent: meshComponent, dependsOn: [install] },
  );
  const mtls = peerAuthentication(
    "default",
    "default",
    { mtls: { mode: "STRICT" } },
    { parent: meshComponent, dependsOn: [install] },
  );
  const appComponent = component("istio-sandbox:apps:App", "helloworld");
  const app = deployment(
    "helloworld",
    "default",
    { app: "helloworld" },
    { parent: appComponent, dependsOn: [install, labels] },
  );
  const svc = service("helloworld", "default", { app: "helloworld" }, { parent: appComponent });
  const vs = virtualService(
    "helloworld",
    "default",
    {
      hosts: [HOST],
      gateways: ["istio-system/ingressgateway", "istio-system/ingressgateway-tls"],
      http: [{ route: [{ destination: { host: "helloworld", port: { number: 80 } } }] }],
    },
    { parent: appComponent, dependsOn: [install] },
  );
  return {
    istioComponent,
    install,
    pkiComponent,
    caKey,
    ca,
    serverKey,
    request,
    serverCert,
    ingressComponent,
    credential,
    httpGateway,
    httpsGateway,
    meshComponent,
    labels,
    mtls,
    appComponent,
    app,
    svc,
    vs,
  };
}

export function list(stack: DevStack): Fixture[] {
  return Object.values(stack);
}

export function view(stack: DevStack | readonly Fixture[]): StackView {
  return new StackView(Array.isArray(stack) ? stack : list(stack as DevStack));
}

/** Runs the whole pack over the stack and keeps the violations of one policy. */
export async function violationsOf(
  stack: DevStack | readonly Fixture[],
  policyName: string,
  config?: PolicyPackConfig,
): Promise<PackViolation[]> {
  const resources = Array.isArray(stack) ? stack : list(stack as DevStack);
  return (await runPack(resources, { config })).filter((v) => v.policyName === policyName);
}
