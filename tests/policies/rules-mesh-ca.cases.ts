/** mesh-ca-cacerts: Istio's plug-in CA Secret holds every file istiod needs, and ends at the stack's CA. */
import { checkMeshCaSecrets } from "../../policies/rules/mesh-ca-cacerts";
import { PREVIEW_UNKNOWN } from "../../policies/testing/run-pack";
import { UNKNOWN } from "../../policies/lib/values";
import {
  CA_CERT,
  devStack,
  resource,
  secret,
  SERVER_KEY,
  view,
  violationsOf,
  type DevStack,
} from "./builder";

const POLICY = "mesh-ca-cacerts";
const INTERMEDIATE = "-----BEGIN CERTIFICATE-----\nintermediate\n-----END CERTIFICATE-----\n";
const OTHER_ROOT = "-----BEGIN CERTIFICATE-----\nsomeone-elses-root\n-----END CERTIFICATE-----\n";

/** The dev stack with meshCa sandbox: the CA's certificate known, and a complete cacerts Secret. */
function meshCaStack(files: Record<string, unknown> = {}, body: Record<string, unknown> = {}): DevStack {
  const s = devStack();
  s.ca.props.certPem = CA_CERT;
  s.cacerts = secret(
    "cacerts",
    "istio-system",
    {
      type: "Opaque",
      stringData: {
        "ca-cert.pem": INTERMEDIATE,
        "ca-key.pem": SERVER_KEY,
        "root-cert.pem": CA_CERT,
        "cert-chain.pem": `${INTERMEDIATE}${CA_CERT}`,
        ...files,
      },
      ...body,
    },
    { dependsOn: [s.ca] },
  );
  return s;
}

const without = (key: string) => {
  const s = meshCaStack();
  delete (s.cacerts.props.stringData as Record<string, unknown>)[key];
  return s;
};

describe("rule: mesh-ca-cacerts", () => {
  it("passes Istio's four files whose chain ends at the stack's CA", async () => {
    expect(await violationsOf(meshCaStack(), POLICY)).toEqual([]);
  });

  it("passes the same files given as data (base64)", () => {
    const s = meshCaStack();
    const files = s.cacerts.props.stringData as Record<string, string>;
    s.cacerts.props.data = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
    );
    delete s.cacerts.props.stringData;
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
  });

  it.each(["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"])(
    "stops a Secret without %s: istiod refuses to start with part of a bundle",
    async (key) => {
      const s = without(key);
      const found = await violationsOf(s, POLICY);
      expect(found).toHaveLength(1);
      expect(found[0].urn).toBe(s.cacerts.urn);
      expect(found[0].enforcementLevel).toBe("mandatory");
      expect(found[0].message).toBe(
        `Secret istio-system/cacerts (Istio's plug-in CA) lacks ${key}; istiod refuses to start with an incomplete ` +
          "signing CA bundle. Fix: put all of ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem in it (the " +
          "intermediate CA, its key, the root, and the chain from the intermediate to the root).",
      );
    },
  );

  it("names every missing file at once", () => {
    const s = devStack();
    s.cacerts = secret("cacerts", "istio-system", { stringData: { "ca-cert.pem": INTERMEDIATE } });
    expect(checkMeshCaSecrets(view(s)).map((v) => v.message)).toEqual([
      expect.stringContaining("lacks ca-key.pem, root-cert.pem, cert-chain.pem;"),
    ]);
  });

  it("stops a chain that ends at another root, and a root that is not the stack's CA", async () => {
    const s = meshCaStack({ "root-cert.pem": OTHER_ROOT, "cert-chain.pem": `${INTERMEDIATE}${OTHER_ROOT}` });
    const found = await violationsOf(s, POLICY);
    expect(found.map((v) => v.message)).toEqual([
      'Secret istio-system/cacerts: root-cert.pem is not the stack\'s CA ("ca"), so workloads would trust another ' +
        "root than the ingress certificate's. Fix: put the stack's CA certificate in root-cert.pem.",
      'Secret istio-system/cacerts: cert-chain.pem does not end at the stack\'s CA ("ca"), so workload certificates ' +
        "would chain to another root. Fix: make cert-chain.pem the intermediate CA's certificate followed by the " +
        "stack's CA certificate, as the stack's CA signed it.",
    ]);
  });

  it("stops a chain that stops at the intermediate, even with the right root", () => {
    const s = meshCaStack({ "cert-chain.pem": INTERMEDIATE });
    expect(checkMeshCaSecrets(view(s)).map((v) => v.message)).toEqual([
      expect.stringContaining("cert-chain.pem does not end at the stack's CA"),
    ]);
  });

  it("accepts a root bundle that holds the stack's CA beside another (a root being rotated)", () => {
    const s = meshCaStack({ "root-cert.pem": `${OTHER_ROOT}${CA_CERT}` });
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
  });

  it("compares certificates, not their line breaks", () => {
    const wrapped = CA_CERT.replace("\nca\n", "\r\nc\na\r\n");
    const s = meshCaStack({ "root-cert.pem": wrapped, "cert-chain.pem": `${INTERMEDIATE}${wrapped}` });
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
  });

  it("takes the kubernetes.io/tls layout istiod also reads (tls.crt, tls.key, ca.crt)", () => {
    const s = meshCaStack();
    s.cacerts.props.stringData = { "tls.crt": INTERMEDIATE, "tls.key": SERVER_KEY, "ca.crt": CA_CERT };
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
    s.cacerts.props.stringData = { "tls.crt": INTERMEDIATE, "ca.crt": OTHER_ROOT };
    expect(checkMeshCaSecrets(view(s)).map((v) => v.message)).toEqual([
      expect.stringContaining("lacks tls.key;"),
      expect.stringContaining("ca.crt is not the stack's CA"),
    ]);
  });

  it("checks only the files when the stack declares no CA of its own", () => {
    const s = meshCaStack({ "root-cert.pem": OTHER_ROOT, "cert-chain.pem": `${INTERMEDIATE}${OTHER_ROOT}` });
    delete (s as Partial<DevStack>).ca;
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
  });

  it("leaves other Secrets alone", () => {
    const s = meshCaStack();
    s.cacerts = secret("istio-ca-secret", "istio-system", { stringData: { "ca-cert.pem": OTHER_ROOT } });
    expect(checkMeshCaSecrets(view(s))).toEqual([]);
  });

  describe("never reports from a value it cannot see (preview)", () => {
    it("file values unknown at preview", async () => {
      const s = meshCaStack({
        "ca-cert.pem": PREVIEW_UNKNOWN,
        "root-cert.pem": PREVIEW_UNKNOWN,
        "cert-chain.pem": PREVIEW_UNKNOWN,
      });
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });

    it("the whole data unknown at preview", async () => {
      const s = meshCaStack({}, { stringData: PREVIEW_UNKNOWN });
      expect(await violationsOf(s, POLICY)).toEqual([]);
      expect(checkMeshCaSecrets(view(meshCaStack({}, { stringData: UNKNOWN })))).toEqual([]);
    });

    it("the stack's CA not issued yet: the root is not compared", async () => {
      const s = meshCaStack({
        "root-cert.pem": OTHER_ROOT,
        "cert-chain.pem": `${INTERMEDIATE}${OTHER_ROOT}`,
      });
      s.ca.props.certPem = PREVIEW_UNKNOWN;
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });

    it("the CA handed over without properties (its provider not known yet): not compared", async () => {
      const s = meshCaStack({
        "root-cert.pem": OTHER_ROOT,
        "cert-chain.pem": `${INTERMEDIATE}${OTHER_ROOT}`,
      });
      s.ca = resource(s.ca.type, s.ca.name, {});
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });

    it("one of two CAs not known: the root might be that one", () => {
      const s = meshCaStack({
        "root-cert.pem": OTHER_ROOT,
        "cert-chain.pem": `${INTERMEDIATE}${OTHER_ROOT}`,
      });
      s.otherCa = resource(s.ca.type, "other-ca", { isCaCertificate: true, certPem: UNKNOWN });
      expect(checkMeshCaSecrets(view(s))).toEqual([]);
    });

    it("the Secret handed over without properties", async () => {
      const s = meshCaStack();
      s.cacerts = resource(s.cacerts.type, "cacerts", {});
      expect(await violationsOf(s, POLICY)).toEqual([]);
      s.cacerts = resource(s.cacerts.type, "mesh-ca-cacerts", {});
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });

    it("the Secret with its name but neither data nor stringData handed over", async () => {
      const s = meshCaStack();
      s.cacerts = secret("cacerts", "istio-system", { type: "Opaque" });
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });

    it("metadata unknown at preview", async () => {
      const s = meshCaStack({ "root-cert.pem": OTHER_ROOT });
      s.cacerts.props.metadata = PREVIEW_UNKNOWN;
      expect(await violationsOf(s, POLICY)).toEqual([]);
    });
  });
});
