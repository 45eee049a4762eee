import { parseConfig } from "../../components/config";
import type { IngressSettings } from "../../components/config/types";
import {
  credentialSecretData,
  gatewayHosts,
  gatewayReference,
  renderHttpGateway,
  renderHttpsGateway,
} from "../../components/ingress/gateways";
import { validateKubernetesObject } from "../apps/validate-models";

const defaults = parseConfig({}).ingress;
const selector = { istio: "ingressgateway", app: "istio-ingressgateway" };
const inputs = (settings: Partial<IngressSettings> = {}) => ({
  domain: "fireflyclass.com",
  namespace: "istio-system",
  selector,
  settings: { ...defaults, ...settings },
});

describe("Gateway rendering", () => {
  test("HTTP Gateway ingressgateway: port 80, domain hosts, the ingress gateway's labels, networking.istio.io/v1", () => {
    const gateway = renderHttpGateway(inputs());
    expect(gateway).toEqual({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "ingressgateway", namespace: "istio-system" },
      spec: {
        selector,
        servers: [
          {
            port: { number: 80, name: "http", protocol: "HTTP" },
            hosts: ["*.fireflyclass.com", "fireflyclass.com"],
          },
        ],
      },
    });
    validateKubernetesObject(gateway);
  });

  test("HTTPS Gateway ingressgateway-tls: port 443, SIMPLE, credentialName, no httpsRedirect", () => {
    const gateway = renderHttpsGateway(inputs());
    expect(gateway.metadata).toEqual({ name: "ingressgateway-tls", namespace: "istio-system" });
    expect(gateway.spec.servers).toEqual([
      {
        port: { number: 443, name: "https", protocol: "HTTPS" },
        hosts: ["*.fireflyclass.com", "fireflyclass.com"],
        tls: { mode: "SIMPLE", credentialName: "fireflyclass-credential" },
      },
    ]);
    validateKubernetesObject(gateway);
  });

  test("httpsRedirect goes on the HTTP server only", () => {
    const http = renderHttpGateway(inputs({ httpsRedirect: true }));
    const https = renderHttpsGateway(inputs({ httpsRedirect: true }));
    expect(http.spec.servers[0].tls).toEqual({ httpsRedirect: true });
    expect(https.spec.servers[0].tls).not.toHaveProperty("httpsRedirect");
    validateKubernetesObject(http);
  });

  test("MUTUAL mode on the HTTPS server", () => {
    const gateway = renderHttpsGateway(inputs({ tlsMode: "MUTUAL" }));
    expect(gateway.spec.servers[0].tls).toEqual({
      mode: "MUTUAL",
      credentialName: "fireflyclass-credential",
    });
    validateKubernetesObject(gateway);
  });

  test("names and credential come from settings", () => {
    const settings = { httpGateway: "web", httpsGateway: "web-tls", credentialName: "shop-cert" };
    expect(renderHttpGateway(inputs(settings)).metadata.name).toBe("web");
    const https = renderHttpsGateway(inputs(settings));
    expect(https.metadata.name).toBe("web-tls");
    expect(https.spec.servers[0].tls?.credentialName).toBe("shop-cert");
  });

  test("an empty selector is refused", () => {
    expect(() => renderHttpGateway({ ...inputs(), selector: {} })).toThrow(
      "the Gateway selector is empty; pass the ingress gateway's pod labels (istio: ingressgateway)",
    );
    expect(() => renderHttpsGateway({ ...inputs(), selector: {} })).toThrow("the Gateway selector is empty");
  });

  test("hosts are scoped to the domain, not *", () => {
    expect(gatewayHosts("example.org")).toEqual(["*.example.org", "example.org"]);
  });

  test("the schema model rejects a server without a port number type", () => {
    const gateway = renderHttpGateway(inputs());
    const broken = {
      ...gateway,
      spec: { ...gateway.spec, servers: [{ ...gateway.spec.servers[0], port: { number: "80" } }] },
    };
    expect(() => validateKubernetesObject(broken)).toThrow();
  });
});

describe("gateway references", () => {
  test("are namespace-qualified", () => {
    expect(gatewayReference("istio-system", "ingressgateway")).toBe("istio-system/ingressgateway");
  });

  test.each([
    [
      "",
      "ingressgateway",
      'Gateway namespace "" is not a DNS label, so "/ingressgateway" is no valid reference',
    ],
    ["istio-system", "Ingress_Gateway", 'Gateway name "Ingress_Gateway" is not a DNS label'],
    ["istio/system", "gw", 'Gateway namespace "istio/system" is not a DNS label'],
  ])("refuse %p / %p", (namespace, name, message) => {
    expect(() => gatewayReference(namespace, name)).toThrow(message);
  });
});

describe("credential Secret data", () => {
  const material = { certificate: "CERT", privateKey: "KEY", caCertificate: "CA" };

  test("SIMPLE: tls.crt and tls.key only (no CA secret is needed)", () => {
    expect(credentialSecretData("SIMPLE", material)).toEqual({ "tls.crt": "CERT", "tls.key": "KEY" });
  });

  test("MUTUAL: plus ca.crt, the CA that signs client certificates", () => {
    expect(credentialSecretData("MUTUAL", material)).toEqual({
      "tls.crt": "CERT",
      "tls.key": "KEY",
      "ca.crt": "CA",
    });
  });
});
