import { appEndpoint, ingressEndpoint } from "../../components/outputs";

const base = {
  namespace: "istio-system",
  selector: { istio: "ingressgateway" },
  settings: { httpsRedirect: false, tlsMode: "SIMPLE" as const },
  gateways: { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" },
};

describe("ingress endpoint output", () => {
  test("k3d: address and host ports", () => {
    expect(
      ingressEndpoint({ ...base, address: "172.18.255.200", localPorts: { http: 8080, https: 8443 } }),
    ).toEqual({
      address: "172.18.255.200",
      namespace: "istio-system",
      selector: { istio: "ingressgateway" },
      localHttpPort: 8080,
      localHttpsPort: 8443,
      httpsRedirect: false,
      tlsMode: "SIMPLE",
      gateways: { http: "istio-system/ingressgateway", https: "istio-system/ingressgateway-tls" },
    });
  });

  test("a pending (empty) address is left out, and so are absent host ports", () => {
    const endpoint = ingressEndpoint({ ...base, address: " " });
    expect(endpoint).not.toHaveProperty("address");
    expect(endpoint).not.toHaveProperty("localHttpPort");
  });

  test("feeds the app endpoints directly", () => {
    const endpoint = ingressEndpoint({
      ...base,
      address: "203.0.113.7",
      settings: { httpsRedirect: true, tlsMode: "MUTUAL" },
    });
    const app = appEndpoint({ name: "a", namespace: "default", host: "a.example.com" }, endpoint);
    expect(app.curl.http).toBe("curl -sS -i --resolve a.example.com:80:203.0.113.7 http://a.example.com/");
    expect(app.curl.https).toContain("--cert client.crt --key client.key");
  });
});
