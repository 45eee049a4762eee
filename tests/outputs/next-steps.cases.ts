import { appEndpoints, nextSteps, type EndpointIngress } from "../../components/outputs";

const ingress: EndpointIngress & { namespace: string } = {
  namespace: "istio-system",
  address: "172.18.255.200",
  localHttpPort: 80,
  localHttpsPort: 443,
  tlsMode: "SIMPLE",
  httpsRedirect: false,
};
const helloworld = { name: "helloworld", namespace: "default", host: "helloworld.fireflyclass.com" };
const steps = (overrides: Partial<typeof ingress> = {}, apps = [helloworld]) => {
  const merged = { ...ingress, ...overrides };
  return nextSteps({
    apps: appEndpoints(apps, merged),
    ingress: merged,
    mtlsMode: "STRICT",
    gatewayService: "istio-ingressgateway",
  });
};

describe("next steps text", () => {
  test("another stack than dev is named to the npm script that reads the outputs", () => {
    const merged = { ...ingress };
    const text = nextSteps({
      apps: appEndpoints([helloworld], merged),
      ingress: merged,
      mtlsMode: "STRICT",
      gatewayService: "istio-ingressgateway",
      stack: "e2e-helm",
    });
    expect(text).toContain("     PULUMI_STACK=e2e-helm npm run -s outputs -- caCertificate > ca.crt");
  });

  test("save the CA, run the three curls, then npm run verify", () => {
    expect(steps()).toBe(
      [
        "Next steps, from the project folder:",
        "",
        "1. Save the CA certificate:",
        "     npm run -s outputs -- caCertificate > ca.crt",
        "",
        "2. Call each app through the gateway (no /etc/hosts entry needed):",
        "   helloworld (default), https://helloworld.fireflyclass.com:",
        "     curl -sS --resolve helloworld.fireflyclass.com:80:127.0.0.1 http://helloworld.fireflyclass.com/   # answers over HTTP",
        "     curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 --cacert ca.crt https://helloworld.fireflyclass.com/   # trusted: answers over HTTPS",
        "     curl -sS --resolve helloworld.fireflyclass.com:443:127.0.0.1 https://helloworld.fireflyclass.com/   # fails: without ca.crt the certificate is not trusted",
        "",
        "3. Run the acceptance checks (HTTP, HTTPS with and without the CA, sidecars, STRICT mTLS):",
        "     npm run verify",
      ].join("\n"),
    );
  });

  test("MUTUAL: also save the client certificate and key (the key with --show-secrets)", () => {
    const text = steps({ tlsMode: "MUTUAL" });
    expect(text).toContain("1. Save the CA certificate and the client certificate and key:");
    expect(text).toContain("npm run -s outputs -- clientCertificate > client.crt");
    // The private key file is created readable by its owner only.
    expect(text).toContain(
      "(umask 077 && npm run -s outputs -- --show-secrets clientPrivateKey > client.key)",
    );
    expect(text).toContain("--cert client.crt --key client.key");
  });

  test("httpsRedirect: the HTTP check expects a 301", () => {
    expect(steps({ httpsRedirect: true })).toContain(
      "http://helloworld.fireflyclass.com/   # 301 redirect to https",
    );
  });

  test("no address: explains how to set INGRESS_ADDRESS", () => {
    const text = steps({ address: undefined, localHttpPort: undefined, localHttpsPort: undefined });
    expect(text).toContain(
      "export INGRESS_ADDRESS=$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.status.loadBalancer.ingress[0].ip}')",
    );
    expect(steps()).not.toContain("INGRESS_ADDRESS");
  });

  test("lists every app", () => {
    const text = steps({}, [helloworld, { name: "shop", namespace: "store", host: "shop.fireflyclass.com" }]);
    expect(text).toContain("   shop (store), https://shop.fireflyclass.com:");
    expect(text).toContain(
      "--resolve shop.fireflyclass.com:443:127.0.0.1 --cacert ca.crt https://shop.fireflyclass.com/",
    );
  });

  test("where it says to trust the CA in a browser, it names the risk and how to undo it", () => {
    const grafana = {
      name: "grafana" as const,
      purpose: "Istio's dashboards",
      host: "grafana.fireflyclass.com",
      path: "/",
      urls: { https: "https://grafana.fireflyclass.com/" },
      curl: "curl grafana",
    };
    const merged = { ...ingress };
    const withDashboards = nextSteps({
      apps: appEndpoints([helloworld], merged),
      ingress: merged,
      mtlsMode: "STRICT",
      gatewayService: "istio-ingressgateway",
      addons: [grafana],
      caCommonName: "ca.fireflyclass.com",
    });
    expect(withDashboards).toContain(
      [
        "3. Open the dashboards (trust ca.crt in your browser, and point each host at the gateway in /etc/hosts):",
        "   A browser that trusts ca.crt accepts any site's certificate signed with its key, and anyone who",
        "   can read this stack's state has that key: use a separate browser profile, and after npm run destroy",
        '   delete the CA "ca.fireflyclass.com" from the browser\'s trusted authorities.',
      ].join("\n"),
    );
    // Without dashboards nothing asks for browser trust: curl --cacert trusts the CA for one command only.
    expect(steps()).not.toContain("trusted authorities");
  });

  test("meshCa sandbox: how to see the chain, and when to restart istiod, the gateway and the apps", () => {
    const text = nextSteps({
      apps: appEndpoints([helloworld], ingress),
      ingress,
      mtlsMode: "STRICT",
      gatewayService: "istio-ingressgateway",
      meshCa: "sandbox",
    });
    expect(text).toContain(
      [
        "3. Workload certificates chain to ca.crt too: the stack's CA signs istiod's intermediate (Secret istio-system/cacerts). To look:",
        "     istioctl proxy-config secret deployment/helloworld -n default   # ROOTCA is ca.crt",
        "   istiod reads cacerts when it starts and picks up a renewed intermediate by itself. After the CA itself is",
        "   renewed or replaced (pulumi up shows pki-ca replaced), or after switching meshCa on a running mesh, restart",
        "   istiod, then the gateway and the workloads, so that every certificate has the new root:",
        "     kubectl -n istio-system rollout restart deployment/istiod",
        "     kubectl -n istio-system rollout restart deployment/istio-ingressgateway",
        "     kubectl -n default rollout restart deployment/helloworld",
        "",
        "4. Run the acceptance checks (HTTP, HTTPS with and without the CA, sidecars, STRICT mTLS, workload certificates from ca.crt):",
      ].join("\n"),
    );
    expect(steps()).not.toContain("cacerts");
  });

  test("meshCa sandbox in ambient mode: ztunnel holds the certificates", () => {
    const text = nextSteps({
      apps: appEndpoints([helloworld], ingress),
      ingress,
      mtlsMode: "STRICT",
      gatewayService: "ingress-istio",
      meshCa: "sandbox",
      dataplaneMode: "ambient",
    });
    expect(text).toContain("istioctl ztunnel-config certificate -n istio-system");
    expect(text).toContain("kubectl -n istio-system rollout restart daemonset/ztunnel");
    expect(text).toContain("kubectl -n istio-system rollout restart deployment/ingress-istio");
    expect(text).not.toContain("rollout restart deployment/helloworld");
  });

  test("no apps is refused", () => {
    expect(() =>
      nextSteps({ apps: [], ingress, mtlsMode: "STRICT", gatewayService: "istio-ingressgateway" }),
    ).toThrow("nextSteps needs at least one app endpoint");
  });
});
