import { checkCredentialSecrets } from "../../policies/rules/credential-secret";
import { checkHttpsRedirect } from "../../policies/rules/https-redirect";
import { checkServerTls } from "../../policies/rules/server-tls";
import { checkKeyStrength, readKeyStrengthConfig } from "../../policies/rules/key-strength";
import { checkCaCertificates } from "../../policies/rules/ca-cert-signing";
import { checkLeafCoversHosts } from "../../policies/rules/leaf-covers-hosts";
import { UNKNOWN } from "../../policies/lib/values";
import {
  CA_CERT,
  devStack,
  DOMAIN,
  gateway,
  HOST,
  privateKey,
  resource,
  secret,
  SERVER_CERT,
  SERVER_KEY,
  view,
  violationsOf,
  virtualService,
  type DevStack,
} from "./builder";

function httpsGateway(s: DevStack, tls: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  s.httpsGateway = gateway("ingressgateway-tls", "istio-system", {
    selector: { istio: "ingressgateway" },
    servers: [
      { port: { number: 443, name: "https", protocol: "HTTPS" }, tls, hosts: [`*.${DOMAIN}`], ...extra },
    ],
  });
}

describe("rule 3: gateway-credential-secret (IST0101, IST0161)", () => {
  it("passes a kubernetes.io/tls Secret in the gateway workload's namespace", () => {
    expect(checkCredentialSecrets(view(devStack()))).toEqual([]);
  });

  it("passes the walkthrough's generic cert/key Secret", () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "istio-system", {
      stringData: { cert: SERVER_CERT, key: SERVER_KEY },
    });
    expect(checkCredentialSecrets(view(s))).toEqual([]);
  });

  it("treats Secret data unknown at preview as present", () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "istio-system", {
      type: "kubernetes.io/tls",
      data: UNKNOWN,
    });
    expect(checkCredentialSecrets(view(s))).toEqual([]);
  });

  it("flags a Secret created in the app's namespace instead of the gateway's", async () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "default", {
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": SERVER_CERT, "tls.key": SERVER_KEY },
    });
    const found = await violationsOf(s, "gateway-credential-secret");
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.httpsGateway.urn);
    expect(found[0].message).toContain(
      'uses credentialName "fireflyclass-credential", but no Secret istio-system/fireflyclass-credential is declared',
    );
    expect(found[0].message).toContain('A Secret "fireflyclass-credential" exists in default');
    expect(found[0].message).toContain(
      "Fix: create Secret istio-system/fireflyclass-credential of type kubernetes.io/tls with tls.crt and tls.key.",
    );
  });

  it("flags a Secret without a key pair", () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "istio-system", { stringData: { cert: SERVER_CERT } });
    const [v] = checkCredentialSecrets(view(s));
    expect(v.message).toContain(
      "holds [cert] but no key pair. Fix: store the certificate and key as tls.crt and tls.key",
    );
  });

  it("flags the walkthrough's -cacert Secret holding the server certificate", async () => {
    const s = devStack();
    s.credential = secret("fireflyclass-credential", "istio-system", {
      stringData: { cert: SERVER_CERT, key: SERVER_KEY },
    });
    s.cacert = secret("fireflyclass-credential-cacert", "istio-system", {
      stringData: { cacert: SERVER_CERT },
    });
    const found = await violationsOf(s, "gateway-credential-secret");
    expect(found.map((v) => v.message)).toEqual([
      "Secret istio-system/fireflyclass-credential-cacert holds the server certificate, but Istio reads it as the CA " +
        "that signed the clients' certificates. Fix: put the CA certificate (ca.crt) in its cacert key, or delete it: " +
        "SIMPLE mode never reads it.",
    ]);
  });

  it("recognises a -cacert Secret built from the leaf certificate resource", () => {
    const s = devStack();
    s.cacert = secret(
      "fireflyclass-credential-cacert",
      "istio-system",
      { data: UNKNOWN },
      { dependsOn: [s.serverCert] },
    );
    expect(checkCredentialSecrets(view(s))).toHaveLength(1);
    s.cacert = secret(
      "fireflyclass-credential-cacert",
      "istio-system",
      { data: UNKNOWN },
      { dependsOn: [s.ca] },
    );
    expect(checkCredentialSecrets(view(s))).toEqual([]);
  });

  it("requires the CA for MUTUAL, and accepts ca.crt or a -cacert Secret", () => {
    const s = devStack();
    httpsGateway(s, { mode: "MUTUAL", credentialName: "fireflyclass-credential" });
    const [v] = checkCredentialSecrets(view(s));
    expect(v.message).toContain(
      "is MUTUAL, which verifies client certificates, but Secret istio-system/fireflyclass-credential holds no CA",
    );
    expect(v.message).toContain(
      "Fix: add the CA certificate as ca.crt (or cacert) to istio-system/fireflyclass-credential.",
    );

    s.cacert = secret(
      "fireflyclass-credential-cacert",
      "istio-system",
      { stringData: { cacert: CA_CERT } },
      { dependsOn: [s.ca] },
    );
    expect(checkCredentialSecrets(view(s))).toEqual([]);

    delete s.cacert;
    s.credential = secret("fireflyclass-credential", "istio-system", {
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": SERVER_CERT, "tls.key": SERVER_KEY, "ca.crt": CA_CERT },
    });
    expect(checkCredentialSecrets(view(s))).toEqual([]);
  });

  it("looks in the namespace of the Helm gateway release", () => {
    const s = devStack();
    delete s.install;
    s.gatewayRelease = resource("kubernetes:helm.sh/v3:Release", "gw", {
      name: "istio-ingressgateway",
      chart: "gateway",
      namespace: "istio-ingress",
    });
    const [v] = checkCredentialSecrets(view(s));
    expect(v.message).toContain("no Secret istio-ingress/fireflyclass-credential is declared");
  });
});

describe("rule 4: gateway-https-redirect-on-http", () => {
  it("passes httpsRedirect on the HTTP server", () => {
    const s = devStack();
    s.httpGateway = gateway("ingressgateway", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [
        { port: { number: 80, name: "http", protocol: "HTTP" }, tls: { httpsRedirect: true }, hosts: ["*"] },
      ],
    });
    expect(checkHttpsRedirect(s.httpGateway)).toEqual([]);
  });

  it("flags the walkthrough's httpsRedirect on the HTTPS server", async () => {
    const s = devStack();
    httpsGateway(s, { mode: "SIMPLE", httpsRedirect: true, credentialName: "fireflyclass-credential" });
    const found = await violationsOf(s, "gateway-https-redirect-on-http");
    expect(found).toHaveLength(1);
    expect(found[0].urn).toBe(s.httpsGateway.urn);
    expect(found[0].message).toBe(
      'Gateway istio-system/ingressgateway-tls server "https" (port 443, HTTPS) sets tls.httpsRedirect, which only ' +
        "acts on plain-HTTP servers, so it does nothing here. Fix: remove httpsRedirect from this server and set " +
        "tls: { httpsRedirect: true } on the HTTP server (port 80) instead.",
    );
  });
});

describe("rule 5: gateway-server-tls", () => {
  it("passes the dev stack's servers", () => {
    const s = devStack();
    expect(checkServerTls(s.httpGateway)).toEqual([]);
    expect(checkServerTls(s.httpsGateway)).toEqual([]);
  });

  it("flags an HTTPS server without a tls block", async () => {
    const s = devStack();
    s.httpsGateway = gateway("ingressgateway-tls", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [{ port: { number: 443, name: "https", protocol: "https" }, hosts: ["*"] }],
    });
    const found = await violationsOf(s, "gateway-server-tls");
    expect(found.map((v) => v.message)).toEqual([
      'Gateway istio-system/ingressgateway-tls server "https" (port 443, HTTPS) has no tls block, so the gateway ' +
        'cannot terminate TLS on it. Fix: add tls: { mode: SIMPLE, credentialName: "<secret in the gateway\'s namespace>" }.',
    ]);
  });

  it("flags a credentialName without a mode, and a terminating mode without a certificate", () => {
    const s = devStack();
    httpsGateway(s, { credentialName: "fireflyclass-credential" });
    expect(checkServerTls(s.httpsGateway)[0]).toContain("names credentialName but sets no tls.mode");
    httpsGateway(s, { mode: "SIMPLE" });
    expect(checkServerTls(s.httpsGateway)[0]).toContain(
      "terminates TLS (mode SIMPLE) but names no certificate. Fix: set tls.credentialName",
    );
  });

  it("flags a certificate on an HTTP server", () => {
    const s = devStack();
    s.httpGateway = gateway("ingressgateway", "istio-system", {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 80, name: "http", protocol: "HTTP" },
          tls: { mode: "SIMPLE", credentialName: "fireflyclass-credential" },
          hosts: ["*"],
        },
      ],
    });
    expect(checkServerTls(s.httpGateway)).toEqual([
      'Gateway istio-system/ingressgateway server "http" (port 80, HTTP) is plain HTTP but its tls block sets mode, ' +
        "credentialName, which the gateway ignores there. Fix: move the certificate settings to the HTTPS server " +
        "(port 443) and keep only httpsRedirect on this one.",
    ]);
  });
});

describe("rule 12: tls-key-strength, tls-ca-can-sign, tls-leaf-covers-hosts", () => {
  const defaults = readKeyStrengthConfig({});

  it("passes RSA 2048 (also by default), ECDSA P256 and ED25519", () => {
    expect(checkKeyStrength(privateKey("k", { algorithm: "RSA", rsaBits: 2048 }), defaults)).toEqual([]);
    expect(checkKeyStrength(privateKey("k", { algorithm: "RSA" }), defaults)).toEqual([]);
    expect(checkKeyStrength(privateKey("k", { algorithm: "ECDSA", ecdsaCurve: "P256" }), defaults)).toEqual(
      [],
    );
    expect(checkKeyStrength(privateKey("k", { algorithm: "ED25519" }), defaults)).toEqual([]);
  });

  it("flags RSA 1024 and ECDSA on the provider's default P224", async () => {
    const s = devStack();
    s.caKey = privateKey("ca-key", { algorithm: "RSA", rsaBits: 1024 });
    s.serverKey = privateKey("server-key", { algorithm: "ECDSA" });
    const found = await violationsOf(s, "tls-key-strength");
    expect(found.map((v) => v.message)).toEqual([
      'Private key "ca-key" is RSA 1024, below the minimum of 2048 bits. Fix: set rsaBits: 2048 (or more).',
      'Private key "server-key" is ECDSA on curve P224, weaker than P-256. Fix: set ecdsaCurve: "P256" (or P384).',
    ]);
  });

  it("flags a CA without cert_signing, and an issuer that is not a CA", async () => {
    const s = devStack();
    s.ca.props.allowedUses = ["digital_signature"];
    const found = await violationsOf(s, "tls-ca-can-sign");
    expect(found.map((v) => v.message)).toEqual([
      'CA certificate "ca" does not allow certificate signing, so certificates it signs will not verify. ' +
        'Fix: add "cert_signing" (and "crl_signing") to allowedUses.',
    ]);
    s.ca.props.isCaCertificate = false;
    expect(checkCaCertificates(view(s)).map((v) => v.message)).toEqual([
      'Certificate "ca" signs "server-cert" but is not a CA certificate. Fix: set isCaCertificate: true and ' +
        'allowedUses ["cert_signing", "crl_signing"] on "ca".',
    ]);
  });

  it("passes a wildcard leaf covering one-label hosts", () => {
    expect(checkLeafCoversHosts(view(devStack()))).toEqual([]);
  });

  it("flags a host two labels below the wildcard", async () => {
    const s = devStack();
    s.vs = virtualService("helloworld", "default", {
      hosts: [`a.b.${DOMAIN}`],
      gateways: ["istio-system/ingressgateway-tls"],
      http: [{ route: [{ destination: { host: "helloworld" } }] }],
    });
    const found = await violationsOf(s, "tls-leaf-covers-hosts");
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(
      `serves a.b.${DOMAIN} over TLS on Gateway istio-system/ingressgateway-tls`,
    );
    expect(found[0].message).toContain(`covers only *.${DOMAIN}, ${DOMAIN}`);
    expect(found[0].message).toContain(`Fix: add "a.b.${DOMAIN}" to the certificate request's dnsNames`);
  });

  it("ignores hosts outside the certificate's domain and hosts served only over HTTP", () => {
    const s = devStack();
    s.httpsGateway.props.spec = {
      selector: { istio: "ingressgateway" },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          tls: { mode: "SIMPLE", credentialName: "fireflyclass-credential" },
          hosts: ["*"],
        },
      ],
    };
    s.vs = virtualService("helloworld", "default", {
      hosts: ["hello.example.org", HOST],
      gateways: ["istio-system/ingressgateway-tls"],
    });
    expect(checkLeafCoversHosts(view(s))).toEqual([]);
    s.vs = virtualService("helloworld", "default", {
      hosts: [`a.b.${DOMAIN}`],
      gateways: ["istio-system/ingressgateway"],
    });
    expect(checkLeafCoversHosts(view(s))).toEqual([]);
  });
});
