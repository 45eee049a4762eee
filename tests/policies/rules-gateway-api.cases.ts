/**
 * The Gateway API rules (17 to 19) and the ambient side of rules 7 and 9, on small stacks shaped as
 * the program registers them.
 */
import { checkCertificateRefs } from "../../policies/rules/gateway-api-certificate-refs";
import { checkParentRefs } from "../../policies/rules/gateway-api-parent-refs";
import { checkRouteHosts } from "../../policies/rules/gateway-api-route-hosts";
import { checkDeploymentOrdering } from "../../policies/rules/deployment-after-install";
import { checkInjectionLabels } from "../../policies/rules/injection-label";
import { checkMtlsCoverage, readMtlsConfig } from "../../policies/rules/mtls-coverage";
import {
  deployment,
  devStack,
  DOMAIN,
  type Fixture,
  list,
  namespacePatch,
  resource,
  secret,
  service,
  view,
  violationsOf,
} from "./builder";

const V1 = "gateway.networking.k8s.io/v1";

function kubeGateway(name: string, namespace: string, listeners: unknown[], opts = {}): Fixture {
  return resource(
    `kubernetes:${V1}:Gateway`,
    `${namespace}-${name}`,
    {
      apiVersion: V1,
      kind: "Gateway",
      metadata: { name, namespace },
      spec: { gatewayClassName: "istio", listeners },
    },
    opts,
  );
}

function httpRoute(name: string, namespace: string, spec: Record<string, unknown>): Fixture {
  return resource(`kubernetes:${V1}:HTTPRoute`, `${namespace}-${name}`, {
    apiVersion: V1,
    kind: "HTTPRoute",
    metadata: { name, namespace },
    spec,
  });
}

const tlsSecret = () =>
  secret("fireflyclass-credential", "istio-system", {
    type: "kubernetes.io/tls",
    stringData: { "tls.crt": "c", "tls.key": "k" },
  });
const csr = (dnsNames: string[]) => resource("tls:index/certRequest:CertRequest", "server-csr", { dnsNames });

const https = (
  name = "https",
  hostname = `*.${DOMAIN}`,
  certificateRefs: unknown[] = [{ kind: "Secret", name: "fireflyclass-credential" }],
) => ({
  name,
  hostname,
  port: 443,
  protocol: "HTTPS",
  tls: { mode: "Terminate", certificateRefs },
  allowedRoutes: { namespaces: { from: "All" } },
});
const http = (from = "All") => ({
  name: "http",
  hostname: `*.${DOMAIN}`,
  port: 80,
  protocol: "HTTP",
  allowedRoutes: { namespaces: { from } },
});

/** The sandbox's gateway-api shape: Gateway in istio-system, a route in default, Secret built from a CSR. */
function gatewayApiStack(
  overrides: { listeners?: unknown[]; route?: Record<string, unknown>; dnsNames?: string[] } = {},
) {
  const request = csr(overrides.dnsNames ?? [`*.${DOMAIN}`, DOMAIN]);
  const credential = { ...tlsSecret(), dependencies: [request.urn] };
  const gw = kubeGateway("ingress", "istio-system", overrides.listeners ?? [http(), https()]);
  const route = httpRoute("helloworld", "default", {
    parentRefs: [
      { name: "ingress", namespace: "istio-system", sectionName: "http" },
      { name: "ingress", namespace: "istio-system", sectionName: "https" },
    ],
    hostnames: [`helloworld.${DOMAIN}`],
    rules: [{ backendRefs: [{ name: "helloworld", port: 80 }] }],
    ...overrides.route,
  });
  return [request, credential, gw, route];
}

describe("rule 17: httproute-parent-refs", () => {
  it("passes a route that names the Gateway, its namespace and an existing listener", () => {
    expect(checkParentRefs(view(gatewayApiStack()))).toEqual([]);
  });

  it("flags a parentRef without the Gateway's namespace (it means the route's own)", async () => {
    const stack = gatewayApiStack({ route: { parentRefs: [{ name: "ingress", sectionName: "https" }] } });
    const found = await violationsOf(stack, "httproute-parent-refs");
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(
      "HTTPRoute default/helloworld names Gateway default/ingress in parentRefs, which the stack does not declare " +
        "(declared: istio-system/ingress), so the route attaches to nothing. Fix: name the Gateway and its namespace " +
        "(a parentRef without namespace means the route's own).",
    );
  });

  it("flags a sectionName that names no listener", () => {
    const stack = gatewayApiStack({
      route: { parentRefs: [{ name: "ingress", namespace: "istio-system", sectionName: "tls" }] },
    });
    expect(checkParentRefs(view(stack))[0].message).toBe(
      'HTTPRoute default/helloworld names listener "tls" of Gateway istio-system/ingress, which has only "http", "https". Fix: use one of those sectionNames.',
    );
  });

  it("flags a listener that admits only its own namespace's routes", () => {
    const listeners = [http("Same")];
    const stack = gatewayApiStack({
      listeners,
      route: { parentRefs: [{ name: "ingress", namespace: "istio-system", sectionName: "http" }] },
    });
    expect(checkParentRefs(view(stack))[0].message).toContain(
      "whose listeners admit routes from its own namespace only (allowedRoutes.namespaces.from: Same). Fix: set allowedRoutes.namespaces.from to All",
    );
  });

  it("flags a route with no parentRefs", () => {
    const stack = gatewayApiStack({ route: { parentRefs: [] } });
    expect(checkParentRefs(view(stack))[0].message).toContain(
      "has no parentRefs, so it attaches to no Gateway",
    );
  });
});

describe("rule 18: gateway-certificate-refs", () => {
  it("passes a kubernetes.io/tls Secret in the Gateway's namespace", () => {
    expect(checkCertificateRefs(view(gatewayApiStack()))).toEqual([]);
  });

  it("flags a Secret the stack does not declare", async () => {
    const stack = gatewayApiStack({
      listeners: [https("https", `*.${DOMAIN}`, [{ kind: "Secret", name: "missing" }])],
    });
    const found = await violationsOf(stack, "gateway-certificate-refs");
    expect(found[0].message).toBe(
      'Listener "https" of Gateway istio-system/ingress names Secret istio-system/missing, which the stack does not declare, so TLS fails. Fix: create the kubernetes.io/tls Secret in istio-system, or correct the name.',
    );
  });

  it("flags a Secret in another namespace without a ReferenceGrant, and passes with one", () => {
    const elsewhere = secret("shared-cert", "certs", { type: "kubernetes.io/tls", stringData: {} });
    const listeners = [
      https("https", `*.${DOMAIN}`, [{ kind: "Secret", name: "shared-cert", namespace: "certs" }]),
    ];
    const stack = [...gatewayApiStack({ listeners }), elsewhere];
    expect(checkCertificateRefs(view(stack))[0].message).toContain(
      "names Secret certs/shared-cert in another namespace, and no ReferenceGrant in certs lets Gateways of istio-system read it.",
    );
    const grant = resource("kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant", "grant", {
      metadata: { name: "gateways-read-certs", namespace: "certs" },
      spec: {
        from: [{ group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "istio-system" }],
        to: [{ group: "", kind: "Secret" }],
      },
    });
    expect(checkCertificateRefs(view([...stack, grant]))).toEqual([]);
  });

  it("flags a Secret of another type", () => {
    const opaque = secret("fireflyclass-credential", "istio-system", { type: "Opaque", stringData: {} });
    const stack = gatewayApiStack().map((r) => (r.type === opaque.type ? opaque : r));
    expect(checkCertificateRefs(view(stack))[0].message).toContain(
      "whose type is Opaque; Gateway API listeners read kubernetes.io/tls Secrets (tls.crt, tls.key). Fix: set type: kubernetes.io/tls.",
    );
  });

  it("flags an HTTPS listener without certificateRefs", () => {
    const stack = gatewayApiStack({ listeners: [https("https", `*.${DOMAIN}`, [])] });
    expect(checkCertificateRefs(view(stack))[0].message).toContain(
      "terminates TLS but names no certificateRefs",
    );
  });
});

describe("rule 19: httproute-hosts-covered", () => {
  it("passes a host under the listener's wildcard that the certificate covers", () => {
    expect(checkRouteHosts(view(gatewayApiStack()))).toEqual([]);
  });

  it("flags a host no attached listener matches", async () => {
    const stack = gatewayApiStack({ route: { hostnames: ["helloworld.example.org"] } });
    const found = await violationsOf(stack, "httproute-hosts-covered");
    expect(found[0].message).toBe(
      `HTTPRoute default/helloworld serves helloworld.example.org on Gateway istio-system/ingress listener "http", whose hostnames (*.${DOMAIN}) do not match it, so requests for it get 404. Fix: attach the route to a listener for helloworld.example.org, or add one.`,
    );
  });

  it("flags a host two labels deep, which the listener matches but the wildcard certificate does not cover", () => {
    const stack = gatewayApiStack({ route: { hostnames: [`a.b.${DOMAIN}`] } });
    const found = checkRouteHosts(view(stack));
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(
      `HTTPRoute default/helloworld serves a.b.${DOMAIN} over TLS on listener "https" of Gateway istio-system/ingress, but its certificate covers only *.${DOMAIN}, ${DOMAIN}; clients will reject it (a wildcard covers one label). Fix: add "a.b.${DOMAIN}" to the certificate's dnsNames, or use a host it covers.`,
    );
  });
});

describe("rules 7, 8 and 9 in ambient mode", () => {
  const ambient = (extra: Record<string, string> = {}) => ({
    "istio.io/dataplane-mode": "ambient",
    ...extra,
  });

  it("rule 7 passes an ambient namespace and flags one labelled for both data planes", () => {
    const s = devStack();
    s.labels = namespacePatch("default", ambient());
    expect(checkInjectionLabels(view(s))).toEqual([]);
    s.labels = namespacePatch("default", ambient({ "istio-injection": "enabled" }));
    expect(checkInjectionLabels(view(s))[0].message).toContain(
      "it is labelled both for sidecar injection and istio.io/dataplane-mode=ambient: its pods get sidecars, which ambient mode then leaves alone. Fix: keep one data plane",
    );
  });

  it("rule 7 follows HTTPRoutes to their Deployments", () => {
    const app = deployment("helloworld", "default", { app: "helloworld" });
    const svc = service("helloworld", "default", { app: "helloworld" });
    const stack = [...gatewayApiStack(), app, svc];
    expect(checkInjectionLabels(view(stack))[0].message).toContain(
      "which HTTPRoute default/helloworld routes to, but no Namespace or NamespacePatch in the stack labels it",
    );
    expect(checkInjectionLabels(view([...stack, namespacePatch("default", ambient())]))).toEqual([]);
  });

  it("rule 8 asks ambient namespaces for a PeerAuthentication too (ztunnel enforces it)", () => {
    const s = devStack();
    s.labels = namespacePatch("default", ambient());
    const withoutPolicy = list(s).filter((r) => !r.type.includes("PeerAuthentication"));
    expect(checkMtlsCoverage(view(withoutPolicy), readMtlsConfig({})).length).toBeGreaterThan(0);
    expect(checkMtlsCoverage(view(s), readMtlsConfig({}))).toEqual([]);
  });

  it("rule 9 exempts ambient namespaces: ztunnel captures pods already running", () => {
    const s = devStack();
    s.labels = namespacePatch("default", ambient());
    s.app = deployment("helloworld", "default", { app: "helloworld" });
    expect(checkDeploymentOrdering(view(s))).toEqual([]);
    s.labels = namespacePatch("default", { "istio-injection": "enabled" });
    expect(checkDeploymentOrdering(view(s))).toHaveLength(1);
  });
});
