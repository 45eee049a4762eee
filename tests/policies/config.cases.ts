import { readMtlsConfig } from "../../policies/rules/mtls-coverage";
import { readKeyStrengthConfig } from "../../policies/rules/key-strength";
import { POLICIES } from "../../policies/pack";
import { devStack, peerAuthentication, privateKey, violationsOf } from "./builder";

describe("policy configuration", () => {
  it("defaults the mTLS level to STRICT and the root namespace to istio-system", () => {
    expect(readMtlsConfig({})).toEqual({ mode: "STRICT", rootNamespace: "istio-system" });
    const schema = POLICIES.find((p) => p.name === "mtls-peer-authentication")?.configSchema;
    expect(schema?.properties["mode"]).toMatchObject({ enum: ["STRICT", "PERMISSIVE"], default: "STRICT" });
  });

  it("accepts PERMISSIVE when configured, and still rejects DISABLE", async () => {
    const s = devStack();
    s.mtls = peerAuthentication("default", "default", { mtls: { mode: "PERMISSIVE" } });
    expect(await violationsOf(s, "mtls-peer-authentication")).toHaveLength(1);
    expect(
      await violationsOf(s, "mtls-peer-authentication", {
        "mtls-peer-authentication": { mode: "PERMISSIVE" },
      }),
    ).toEqual([]);
    s.mtls = peerAuthentication("default", "default", { mtls: { mode: "DISABLE" } });
    const found = await violationsOf(s, "mtls-peer-authentication", {
      "mtls-peer-authentication": { mode: "PERMISSIVE" },
    });
    expect(found[0].message).toContain("its mTLS mode is DISABLE");
    expect(found[0].message).toContain("this stack requires PERMISSIVE");
  });

  it("finds the mesh-wide policy in a configured root namespace", async () => {
    const s = devStack();
    s.mtls = peerAuthentication("default", "mesh-root", { mtls: { mode: "STRICT" } });
    expect(await violationsOf(s, "mtls-peer-authentication")).toHaveLength(1);
    expect(
      await violationsOf(s, "mtls-peer-authentication", {
        "mtls-peer-authentication": { rootNamespace: "mesh-root" },
      }),
    ).toEqual([]);
  });

  it("rejects a bad mTLS level or root namespace with the key and the fix", () => {
    expect(() => readMtlsConfig({ mode: "strict" })).toThrow(
      'policy config mtls-peer-authentication.mode is "strict". Fix: use one of "STRICT", "PERMISSIVE".',
    );
    expect(() => readMtlsConfig({ rootNamespace: "Istio System" })).toThrow(
      'policy config mtls-peer-authentication.rootNamespace is "Istio System". Fix: use a Kubernetes namespace name such as "istio-system".',
    );
  });

  it("raises the minimum RSA size when configured, and rejects a weaker minimum", async () => {
    const s = devStack();
    s.caKey = privateKey("ca-key", { algorithm: "RSA", rsaBits: 2048 });
    expect(await violationsOf(s, "tls-key-strength")).toEqual([]);
    const found = await violationsOf(s, "tls-key-strength", { "tls-key-strength": { minRsaBits: 4096 } });
    expect(found.map((v) => v.message)).toEqual([
      'Private key "ca-key" is RSA 2048, below the minimum of 4096 bits. Fix: set rsaBits: 4096 (or more).',
    ]);
    expect(() => readKeyStrengthConfig({ minRsaBits: 1024 })).toThrow(
      "policy config tls-key-strength.minRsaBits is 1024. Fix: use a whole number of at least 2048.",
    );
  });

  it("lets the enforcement level of a policy be overridden or disabled", async () => {
    const s = devStack();
    delete s.mtls;
    const advisory = await violationsOf(s, "mtls-peer-authentication", {
      "mtls-peer-authentication": "advisory",
    });
    expect(advisory.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    expect(
      await violationsOf(s, "mtls-peer-authentication", {
        "mtls-peer-authentication": { enforcementLevel: "disabled" },
      }),
    ).toEqual([]);
  });
});
