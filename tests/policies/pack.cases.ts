import { POLICIES, RULES } from "../../policies/pack";
import { PREVIEW_UNKNOWN, runPack } from "../../policies/testing/run-pack";
import {
  CA_CERT,
  deployment,
  devStack,
  DOMAIN,
  gateway,
  HOST,
  ingress,
  list,
  namespace,
  peerAuthentication,
  secret,
  SERVER_CERT,
  SERVER_KEY,
  service,
  virtualService,
  type DevStack,
} from "./builder";

describe("the pack", () => {
  it("gives every policy a unique name, a description and an enforcement level", () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of POLICIES) {
      expect(policy.description.length).toBeGreaterThan(20);
      expect(["mandatory", "advisory"]).toContain(policy.enforcementLevel);
    }
    const advisory = RULES.filter((r) => r.enforcementLevel === "advisory").map((r) => r.name);
    expect(advisory).toEqual(["ingress-class-istio", "gateway-shared-credential"]);
    expect(RULES.flatMap((r) => r.analyzerCodes).sort()).toEqual(
      [
        "IST0101",
        "IST0101",
        "IST0101",
        "IST0102",
        "IST0123",
        "IST0132",
        "IST0138",
        "IST0145",
        "IST0161",
      ].sort(),
    );
  });

  it("finds no violation in the dev stack", async () => {
    expect(await runPack(list(devStack()))).toEqual([]);
  });

  it("finds no violation in a multi-app MUTUAL stack", async () => {
    const s = devStack();
    s.credential = secret(
      "fireflyclass-credential",
      "istio-system",
      {
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": SERVER_CERT, "tls.key": SERVER_KEY, "ca.crt": CA_CERT },
      },
      { dependsOn: [s.serverCert, s.ca, s.install] },
    );
    s.httpsGateway = gateway(
      "ingressgateway-tls",
      "istio-system",
      {
        selector: { istio: "ingressgateway" },
        servers: [
          {
            port: { number: 443, name: "https", protocol: "HTTPS" },
            tls: { mode: "MUTUAL", credentialName: "fireflyclass-credential" },
            hosts: [`*.${DOMAIN}`],
          },
        ],
      },
      { dependsOn: [s.install, s.credential] },
    );
    s.shopNs = namespace("shop", { "istio-injection": "enabled" }, { dependsOn: [s.install] });
    s.shopMtls = peerAuthentication(
      "default",
      "shop",
      { mtls: { mode: "STRICT" } },
      { dependsOn: [s.install] },
    );
    s.shop = deployment("shop", "shop", { app: "shop" }, { dependsOn: [s.install, s.shopNs] });
    s.shopSvc = service("shop", "shop", { app: "shop" });
    s.shopVs = virtualService("shop", "shop", {
      hosts: [`shop.${DOMAIN}`],
      gateways: ["istio-system/ingressgateway", "istio-system/ingressgateway-tls"],
      http: [{ route: [{ destination: { host: "shop" } }] }],
    });
    expect(await runPack(list(s))).toEqual([]);
  });

  it("treats values unknown at preview the way the engine hands them over", async () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "istio-system", {
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": PREVIEW_UNKNOWN, "tls.key": PREVIEW_UNKNOWN },
    });
    s.vs.props.metadata = { name: "helloworld", namespace: "default", uid: PREVIEW_UNKNOWN };
    expect(await runPack(list(s))).toEqual([]);
  });

  it("stops the walkthrough's stack on each of its mistakes", async () => {
    const s: DevStack = devStack();
    // HTTP: bare gateway reference and an Ingress without a class.
    s.vs = virtualService("helloworld", "default", {
      hosts: [HOST],
      gateways: ["ingressgateway", "istio-system/ingressgateway-tls"],
      http: [{ route: [{ destination: { host: "helloworld" } }] }],
    });
    s.ingress = ingress("helloworld", "default", { rules: [{ host: HOST }] });
    // HTTPS: generic secret plus a -cacert secret holding the server certificate, redirect on HTTPS.
    s.credential = secret("fireflyclass-credential", "istio-system", {
      stringData: { cert: SERVER_CERT, key: SERVER_KEY },
    });
    s.cacert = secret("fireflyclass-credential-cacert", "istio-system", {
      stringData: { cacert: SERVER_CERT },
    });
    s.httpsGateway = gateway("ingressgateway-tls", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          tls: { mode: "SIMPLE", httpsRedirect: true, credentialName: "fireflyclass-credential" },
          hosts: ["*"],
        },
      ],
    });
    // Mesh: no injection label, no STRICT policy, Deployment not waiting for Istio.
    delete s.labels;
    delete s.mtls;
    s.app = deployment("helloworld", "default", { app: "helloworld" });

    const found = await runPack(list(s));
    const mandatory = [
      ...new Set(found.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName)),
    ];
    expect(mandatory.sort()).toEqual(
      [
        "virtualservice-gateway-reference",
        "gateway-credential-secret",
        "gateway-https-redirect-on-http",
        "namespace-injection-label",
      ].sort(),
    );
    expect(found.filter((v) => v.enforcementLevel === "advisory").map((v) => v.policyName)).toEqual([
      "ingress-class-istio",
    ]);
  });
});
