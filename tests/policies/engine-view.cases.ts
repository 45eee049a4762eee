/** The harness's picture of what the engine hands a policy (policies/testing/engine-view.ts). */
import {
  analyzeProps,
  analyzeStackProps,
  PREVIEW_UNKNOWN,
  providerConfigured,
  type RegisteredResource,
} from "../../policies/testing/engine-view";

const PROVIDER_URN = "urn:pulumi:dev::p::pulumi:providers:kubernetes::k";

function provider(kubeconfig: string): RegisteredResource {
  return {
    type: "pulumi:providers:kubernetes",
    name: "k",
    urn: PROVIDER_URN,
    custom: true,
    inputs: { kubeconfig },
  };
}

const secret: RegisteredResource = {
  type: "kubernetes:core/v1:Secret",
  name: "credential",
  urn: "urn:pulumi:dev::p::kubernetes:core/v1:Secret::credential",
  custom: true,
  inputs: { apiVersion: "v1", kind: "Secret", stringData: { "tls.crt": "CRT" }, __inputs: { x: 1 } },
  provider: `${PROVIDER_URN}::${PREVIEW_UNKNOWN}`,
};

const index = (...rs: RegisteredResource[]) => new Map(rs.map((r) => [r.urn, r]));

describe("the engine's view of a resource, for policies", () => {
  test("an explicit provider with an unknown input is not configured; a default provider always is", () => {
    expect(providerConfigured(secret, index(provider(PREVIEW_UNKNOWN)))).toBe(false);
    expect(providerConfigured(secret, index(provider("apiVersion: v1")))).toBe(true);
    expect(providerConfigured({ ...secret, provider: undefined }, index())).toBe(true);
  });

  test("unconfigured at preview: resource policies get the raw inputs, stack policies {}", () => {
    const byUrn = index(provider(PREVIEW_UNKNOWN), secret);
    expect(analyzeProps(secret, "preview", byUrn)).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      stringData: { "tls.crt": "CRT" },
    });
    expect(analyzeStackProps(secret, "preview", byUrn)).toEqual({});
  });

  test("configured at preview: the provider's Check fills the name and namespace", () => {
    const byUrn = index(provider("apiVersion: v1"), secret);
    const props = analyzeStackProps(secret, "preview", byUrn);
    expect(props.metadata).toEqual({
      name: expect.stringMatching(/^credential-[0-9a-f]{8}$/),
      namespace: "default",
      annotations: { "pulumi.com/autonamed": "true" },
    });
    expect(props).not.toHaveProperty("__inputs");
  });

  test("at up, stack policies get the live object: stringData folded into base64 data, server metadata, status", () => {
    const props = analyzeStackProps(secret, "up", index(provider(PREVIEW_UNKNOWN), secret));
    expect(props.data).toEqual({ "tls.crt": Buffer.from("CRT").toString("base64") });
    expect(props).not.toHaveProperty("stringData");
    expect(props.status).toEqual({});
    expect(props.metadata).toMatchObject({ uid: expect.any(String), namespace: "default" });
  });

  test("a preview create of another provider's resource: inputs, and its computed outputs unknown", () => {
    const cert: RegisteredResource = {
      type: "tls:index/selfSignedCert:SelfSignedCert",
      name: "ca",
      urn: "urn:pulumi:dev::p::tls:index/selfSignedCert:SelfSignedCert::ca",
      custom: true,
      inputs: { isCaCertificate: true },
      outputs: { isCaCertificate: true, certPem: "PEM" },
    };
    expect(analyzeStackProps(cert, "preview", index(cert))).toEqual({
      isCaCertificate: true,
      certPem: PREVIEW_UNKNOWN,
    });
    expect(analyzeStackProps(cert, "up", index(cert))).toEqual({ isCaCertificate: true, certPem: "PEM" });
  });

  test("cluster-scoped kinds get no namespace; components keep what they registered", () => {
    const ns: RegisteredResource = {
      type: "kubernetes:core/v1:Namespace",
      name: "shop",
      urn: "urn:pulumi:dev::p::kubernetes:core/v1:Namespace::shop",
      custom: true,
      inputs: { metadata: { name: "shop" } },
    };
    expect(analyzeProps(ns, "up", index(ns))).toEqual({ metadata: { name: "shop" } });
    const component: RegisteredResource = {
      ...ns,
      type: "istio-sandbox:mesh:Mesh",
      custom: false,
      inputs: {},
    };
    expect(analyzeStackProps(component, "preview", index(component))).toEqual({});
  });
});
