import { parseConfig } from "../../components/config";
import { Pki } from "../../components/pki";
import { resolve, runUnderMocks } from "../harness/mock-program";

const KEY = "tls:index/privateKey:PrivateKey";
const SELF_SIGNED = "tls:index/selfSignedCert:SelfSignedCert";
const CSR = "tls:index/certRequest:CertRequest";
const SIGNED = "tls:index/locallySignedCert:LocallySignedCert";

function declare(raw: Record<string, unknown> = {}, clientCertificate = false) {
  const config = parseConfig(raw);
  return runUnderMocks(
    () => new Pki("pki", { domain: config.domain, settings: config.pki, clientCertificate }),
  );
}

describe("Pki component", () => {
  test("is an istio-sandbox:pki:Pki parenting every TLS resource", async () => {
    const { stack } = await declare();
    const component = stack.get("istio-sandbox:pki:Pki", "pki");
    const tlsResources = stack.resources.filter((r) => r.type.startsWith("tls:"));
    expect(tlsResources.map((r) => `${r.type}/${r.name}`).sort()).toEqual(
      [
        `${CSR}/pki-server-csr`,
        `${KEY}/pki-ca-key`,
        `${KEY}/pki-server-key`,
        `${SELF_SIGNED}/pki-ca`,
        `${SIGNED}/pki-server-cert`,
      ].sort(),
    );
    for (const r of tlsResources) expect(r.parent).toBe(component.urn);
  });

  test("the walkthrough's CA: CA:TRUE, keyCertSign + cRLSign, subject from config, 397 days, renewed by up", async () => {
    const { stack } = await declare();
    const ca = stack.get(SELF_SIGNED, "pki-ca");
    expect(ca.inputs).toMatchObject({
      isCaCertificate: true,
      allowedUses: ["cert_signing", "crl_signing"],
      // Short-lived: a browser that trusts it trusts it for any site.
      validityPeriodHours: 397 * 24,
      earlyRenewalHours: 720,
      subject: {
        commonName: "ca.fireflyclass.com",
        country: "US",
        province: "Colorado",
        locality: "Boulder",
        organization: "fireflyclass.com",
      },
    });
    expect(ca.secretPaths).toEqual(["privateKeyPem"]);
  });

  test("the wildcard leaf: SANs *.fireflyclass.com and fireflyclass.com, signed by the CA, server usages", async () => {
    const { stack, result } = await declare();
    const csr = stack.get(CSR, "pki-server-csr");
    expect(csr.inputs.dnsNames).toEqual(["*.fireflyclass.com", "fireflyclass.com"]);
    expect(csr.secretPaths).toEqual(["privateKeyPem"]);
    const cert = stack.get(SIGNED, "pki-server-cert");
    expect(cert.inputs).toMatchObject({
      // 397 days: browsers refuse longer server certificates; up renews it 30 days before expiry.
      validityPeriodHours: 397 * 24,
      earlyRenewalHours: 30 * 24,
      allowedUses: ["server_auth", "digital_signature", "key_encipherment"],
      isCaCertificate: false,
      certRequestPem: "csr-pki-server-csr",
    });
    expect(cert.inputs.caCertPem).toContain("fake-pki-ca");
    expect(cert.secretPaths).toEqual(["caPrivateKeyPem"]);
    expect(cert.inputs.caPrivateKeyPem).toContain("fake-pki-ca-key");
    await expect(resolve(result.server.certificatePem)).resolves.toEqual({
      value: expect.stringContaining("fake-pki-server-cert"),
      secret: false,
    });
  });

  test("a renewed CA re-signs the certificates: each takes the current CA certificate, so the provider replaces it", async () => {
    // The second run stands for the `pulumi up` that renews the CA (early renewal, or a new caValidityDays).
    const ca = (serial: string) => `-----BEGIN CERTIFICATE-----\nca-${serial}\n-----END CERTIFICATE-----\n`;
    const config = parseConfig({});
    const run = (serial: string) =>
      runUnderMocks(
        () =>
          new Pki("pki", {
            domain: config.domain,
            settings: config.pki,
            clientCertificate: true,
            meshCa: true,
          }),
        { state: (r) => (r.type === SELF_SIGNED ? { certPem: ca(serial) } : undefined) },
      );
    const [before, after] = [await run("1"), await run("2")];
    // tls_locally_signed_cert replaces the certificate when ca_cert_pem changes from a PEM:
    // https://github.com/hashicorp/terraform-provider-tls/blob/v4.2.1/internal/provider/resource_locally_signed_cert.go#L51-L55
    // https://github.com/hashicorp/terraform-provider-tls/blob/v4.2.1/internal/provider/common.go#L53-L65
    const pem = /^-----BEGIN [A-Za-z ]+-----\n(.|\s)+\n-----END [A-Za-z ]+-----\n?$/;
    // istiod's intermediate too (meshCa sandbox), so cacerts follows the new root.
    for (const name of ["pki-server-cert", "pki-client-cert", "pki-mesh-ca-cert"]) {
      const [old, renewed] = [before, after].map(({ stack }) => stack.get(SIGNED, name));
      expect(old.inputs.caCertPem).toBe(ca("1"));
      expect(renewed.inputs.caCertPem).toBe(ca("2"));
      expect(old.inputs.caCertPem).toMatch(pem);
      // The engine waits for the new CA before it signs, and the key that signs is the CA's own.
      const caUrn = after.stack.get(SELF_SIGNED, "pki-ca").urn;
      expect(renewed.propertyDependencies.caCertPem).toEqual([caUrn]);
      const caKeyUrn = after.stack.get(KEY, "pki-ca-key").urn;
      expect(renewed.propertyDependencies.caPrivateKeyPem).toEqual([caKeyUrn]);
    }
  });

  test("RSA 2048 keys by default", async () => {
    const { stack } = await declare();
    for (const key of stack.ofType(KEY)) expect(key.inputs).toEqual({ algorithm: "RSA", rsaBits: 2048 });
  });

  test("ECDSA P-256 keys on request, with no RSA size", async () => {
    const { stack } = await declare({ keyAlgorithm: "ECDSA" });
    expect(stack.ofType(KEY)).toHaveLength(2);
    for (const key of stack.ofType(KEY))
      expect(key.inputs).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P256" });
  });

  test("private keys are secret outputs; the CA certificate is not", async () => {
    const { result } = await declare({}, true);
    expect((await resolve(result.caPrivateKeyPem)).secret).toBe(true);
    expect((await resolve(result.server.privateKeyPem)).secret).toBe(true);
    expect((await resolve(result.client!.privateKeyPem)).secret).toBe(true);
    await expect(resolve(result.caCertificatePem)).resolves.toEqual({
      value: expect.stringContaining("BEGIN CERTIFICATE"),
      secret: false,
    });
  });

  test("no client certificate unless asked for", async () => {
    const { stack, result } = await declare();
    expect(result.client).toBeUndefined();
    expect(stack.resources.map((r) => r.name)).not.toContain("pki-client-cert");
  });

  test("MUTUAL: a client certificate signed by the same CA, for client auth", async () => {
    const { stack, result } = await declare({}, true);
    const cert = stack.get(SIGNED, "pki-client-cert");
    expect(cert.inputs.allowedUses).toEqual(["client_auth", "digital_signature", "key_encipherment"]);
    expect(cert.inputs.caCertPem).toContain("fake-pki-ca");
    expect(stack.get(CSR, "pki-client-csr").inputs.subject.commonName).toBe("client.fireflyclass.com");
    expect((await resolve(result.client!.certificatePem)).value).toContain("fake-pki-client-cert");
  });

  test("does not depend on the cluster: no provider, no Kubernetes resource, no dependencies outside itself", async () => {
    const { stack } = await declare();
    expect(
      stack.resources.filter(
        (r) => r.type.startsWith("kubernetes:") || r.type.startsWith("pulumi:providers:kubernetes"),
      ),
    ).toEqual([]);
    const own = new Set(stack.resources.map((r) => r.urn));
    for (const r of stack.resources) {
      for (const dep of stack.dependenciesOf(r)) expect(own.has(dep)).toBe(true);
      expect(r.deletedWith).toBeUndefined();
    }
  });

  test("a bad domain fails before anything is registered", async () => {
    const config = parseConfig({});
    await expect(
      runUnderMocks(
        () => new Pki("pki", { domain: "localhost", settings: config.pki, clientCertificate: false }),
      ),
    ).rejects.toThrow('domain "localhost" is not a DNS name with at least two labels');
  });
});
