import { checkGatewayReferences } from "../../policies/rules/gateway-reference";
import { checkVirtualServiceHosts } from "../../policies/rules/virtualservice-hosts";
import { checkGatewaySelectors } from "../../policies/rules/gateway-selector";
import { checkGatewayConflicts } from "../../policies/rules/gateway-conflicts";
import { checkSharedCredentials } from "../../policies/rules/gateway-shared-credential";
import {
  devStack,
  gateway,
  helmRelease,
  HOST,
  istioctlInstall,
  view,
  violationsOf,
  virtualService,
  DOMAIN,
} from "./builder";

const routes = { http: [{ route: [{ destination: { host: "helloworld" } }] }] };

describe("rule 1: virtualservice-gateway-reference (IST0101)", () => {
  it("passes namespace-qualified references and mesh", () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["istio-system/ingressgateway", "mesh"],
      ...routes,
    });
    expect(checkGatewayReferences(view(s))).toEqual([]);
  });

  it("flags the walkthrough's bare `ingressgateway` with the exact fix", async () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["ingressgateway"],
      ...routes,
    });
    const found = await violationsOf(s, "virtualservice-gateway-reference");
    expect(found).toHaveLength(1);
    expect(found[0].enforcementLevel).toBe("mandatory");
    expect(found[0].urn).toBe(s.vs.urn);
    expect(found[0].message).toBe(
      'VirtualService default/helloworld refers to gateway "ingressgateway" without a namespace, so Istio looks ' +
        'for default/ingressgateway, but the Gateway "ingressgateway" is declared in istio-system. ' +
        'Fix: write "istio-system/ingressgateway" in spec.gateways.',
    );
  });

  it("flags a bare name even when the Gateway sits in the VirtualService's own namespace", () => {
    const s = devStack();
    s.local = gateway("local", "default", { selector: { istio: "ingressgateway" }, servers: [] });
    s.vs = virtualService("helloworld", "default", { hosts: [HOST], gateways: ["local"], ...routes });
    const [v] = checkGatewayReferences(view(s));
    expect(v.message).toContain('Fix: write "default/local" in spec.gateways.');
  });

  it("flags a qualified reference to a Gateway the stack does not declare", () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["default/ingressgateway"],
      ...routes,
    });
    const [v] = checkGatewayReferences(view(s));
    expect(v.message).toContain(
      'refers to gateway "default/ingressgateway", but no such Gateway is declared',
    );
    expect(v.message).toContain("declared: istio-system/ingressgateway, istio-system/ingressgateway-tls");
    expect(v.message).toContain('Fix: write "istio-system/ingressgateway" in spec.gateways.');
  });

  it("flags a reference to a name no Gateway has", () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["istio-system/bogus"],
      ...routes,
    });
    const [v] = checkGatewayReferences(view(s));
    expect(v.message).toContain("Fix: declare Gateway istio-system/bogus in the stack");
  });

  it("accepts the older v1beta1 and v1alpha3 API versions", () => {
    const s = devStack();
    s.httpGateway = gateway(
      "ingressgateway",
      "istio-system",
      { selector: { istio: "ingressgateway" }, servers: [] },
      {},
      "networking.istio.io/v1alpha3",
    );
    s.vs = virtualService(
      "helloworld",
      "default",
      { hosts: [HOST], gateways: ["ingressgateway"] },
      {},
      "networking.istio.io/v1beta1",
    );
    expect(checkGatewayReferences(view(s))).toHaveLength(1);
  });
});

describe("rule 2: virtualservice-hosts-on-gateway (IST0132)", () => {
  it("passes hosts under the Gateway's wildcard", () => {
    expect(checkVirtualServiceHosts(view(devStack()))).toEqual([]);
  });

  it("flags a host the Gateway does not serve", async () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST, "hello.example.org"],
      gateways: ["istio-system/ingressgateway"],
      ...routes,
    });
    const found = await violationsOf(s, "virtualservice-hosts-on-gateway");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(
      "has host(s) hello.example.org that Gateway istio-system/ingressgateway does not serve",
    );
    expect(found[0].message).toContain("Fix: add hello.example.org to the Gateway's servers[].hosts");
  });

  it("honours the namespace part of a Gateway host", () => {
    const s = devStack();
    s.httpGateway = gateway("ingressgateway", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [`apps/*.${DOMAIN}`] }],
    });
    expect(checkVirtualServiceHosts(view(s))).toHaveLength(1);
    s.httpGateway.props.spec = {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [`default/*.${DOMAIN}`] }],
    };
    expect(checkVirtualServiceHosts(view(s))).toEqual([]);
  });
});

describe("rule 10: gateway-selector-matches-install (IST0101)", () => {
  it("passes the default ingress gateway labels from an IstioOperator without labels", () => {
    expect(checkGatewaySelectors(view(devStack()))).toEqual([]);
  });

  it("flags a selector no gateway pod carries, naming the labels to use", async () => {
    const s = devStack();
    s.httpGateway = gateway("ingressgateway", "istio-system", {
      selector: { istio: "ingress" },
      servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["*"] }],
    });
    const found = await violationsOf(s, "gateway-selector-matches-install");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(
      "selects {istio: ingress}, but the stack's Istio install (istioctl) creates",
    );
    expect(found[0].message).toContain(
      "Fix: set spec.selector to {istio: ingressgateway, app: istio-ingressgateway}",
    );
  });

  it("reads custom labels from the IstioOperator", () => {
    const s = devStack();
    s.install = istioctlInstall(
      "spec:\n  components:\n    ingressGateways:\n      - name: edge\n        enabled: true\n        label:\n          istio: edge\n",
    );
    const [v] = checkGatewaySelectors(view(s)).filter((x) => x.urn === s.httpGateway.urn);
    expect(v.message).toContain("creates istio-system/edge {istio: edge}");
    expect(v.message).toContain("Fix: set spec.selector to {istio: edge}");
  });

  it("knows that the minimal profile installs no ingress gateway", () => {
    const s = devStack();
    s.install = istioctlInstall("spec:\n  profile: minimal\n");
    const [v] = checkGatewaySelectors(view(s));
    expect(v.message).toContain("creates no ingress gateway");
    expect(v.message).toContain("Fix: enable an ingress gateway in the Istio install");
  });

  it("derives the Helm gateway chart's labels from the release name", () => {
    const s = devStack();
    delete s.install;
    s.base = helmRelease("istio-base", "base");
    s.istiod = helmRelease("istiod", "istiod");
    s.gatewayRelease = helmRelease("istio-ingressgateway", "gateway");
    expect(checkGatewaySelectors(view(s))).toEqual([]);
    s.gatewayRelease = helmRelease("edge", "gateway", { values: { labels: { tier: "edge" } } });
    const [v] = checkGatewaySelectors(view(s));
    expect(v.message).toContain("(helm) creates istio-system/edge {tier: edge, app: edge, istio: edge}");
  });

  it("flags a Gateway without a selector", () => {
    const s = devStack();
    s.httpGateway = gateway("ingressgateway", "istio-system", { servers: [] });
    const [v] = checkGatewaySelectors(view(s));
    expect(v.message).toContain("has no selector");
  });

  it("falls back to Istio's default labels when no install is in the stack", () => {
    const s = devStack();
    delete s.install;
    expect(checkGatewaySelectors(view(s))).toEqual([]);
  });
});

describe("rule 11: gateway-host-conflict (IST0145) and gateway-shared-credential (IST0138)", () => {
  const tlsServer = (hosts: string[], credentialName = "fireflyclass-credential") => ({
    port: { number: 443, name: "https", protocol: "HTTPS" },
    tls: { mode: "SIMPLE", credentialName },
    hosts,
  });

  it("passes the dev stack's HTTP and HTTPS Gateways, which share a selector but not a port", () => {
    expect(checkGatewayConflicts(view(devStack()))).toEqual([]);
    expect(checkSharedCredentials(view(devStack()))).toEqual([]);
  });

  it("flags two Gateways of one selector claiming overlapping hosts on one port", async () => {
    const s = devStack();
    s.other = gateway("other-tls", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [tlsServer([HOST], "other-credential")],
    });
    const found = await violationsOf(s, "gateway-host-conflict");
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.other.urn);
    expect(found[0].message).toContain(
      "Gateway istio-system/other-tls conflicts with Gateway istio-system/ingressgateway-tls: both select {istio: ingressgateway} and serve port 443",
    );
    expect(found[0].message).toContain("Fix: put these hosts in one Gateway");
  });

  it("passes disjoint hosts and different selectors", () => {
    const s = devStack();
    s.other = gateway("other", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [tlsServer(["shop.example.org"], "shop")],
    });
    s.edge = gateway("edge", "istio-system", {
      selector: { istio: "edge" },
      servers: [tlsServer([HOST], "edge")],
    });
    expect(checkGatewayConflicts(view(s))).toEqual([]);
  });

  it("advises against one credentialName on two Gateways of one selector", async () => {
    const s = devStack();
    s.other = gateway("shop", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [tlsServer(["shop.example.org"])],
    });
    const found = await violationsOf(s, "gateway-shared-credential");
    expect(found).toHaveLength(1);
    expect(found[0].enforcementLevel).toBe("advisory");
    expect(found[0].message).toContain('both use credentialName "fireflyclass-credential"');
    expect(found[0].message).toContain(
      "Fix: serve all hosts of this certificate from one server of one Gateway",
    );
  });
});
