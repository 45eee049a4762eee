/**
 * e2e:objects and meshCa sandbox: the cacerts Secret is declared like the program's other Secrets and
 * applied with them, and under the check's mocks (real keys and certificates from openssl) it holds
 * what istiod verifies at start: an intermediate CA whose key matches it, signed by the root, and a
 * chain from the intermediate to that root.
 * https://github.com/istio/istio/blob/release-1.31/security/pkg/pki/util/keycertbundle.go#L330
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import * as path from "node:path";
import istioSandbox from "../../index";
import { applyOrder } from "../../tools/e2e/objects/apply-plan";
import { type Declared, declaredObjects } from "../../tools/e2e/objects/declared";
import { addonsSourceFor, renderUnderMocks } from "../../tools/e2e/objects/mock-render";
import { readStackFile } from "../../tools/e2e/lane/stack-config";
import { tempDir } from "./harness/temp-dirs";

const ROOT = path.resolve(__dirname, "../..");
const certificates = (pem: string) =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map(
    (m) => new X509Certificate(m[0]),
  );

describe("e2e:objects declares and applies the cacerts Secret (the dev stack)", () => {
  let declared: Declared;
  beforeAll(async () => {
    const stack = readStackFile(path.join(ROOT, "Pulumi.dev.yaml"));
    const values = {
      ...stack.values,
      ...addonsSourceFor(stack.config, stack.values, () => path.join(ROOT, "tests/fixtures/addons")),
    };
    declared = declaredObjects(await renderUnderMocks(istioSandbox, values, "dev", tempDir("objects-tls-")));
  });

  const cacerts = () => {
    const found = declared.objects.find((o) => o.kind === "Secret" && o.metadata.name === "cacerts");
    if (found === undefined) throw new Error("no cacerts Secret declared");
    return found;
  };

  test("a Secret object in istio-system with Istio's four files, applied after namespaces like the others", () => {
    const secret = cacerts();
    expect(secret).toMatchObject({ apiVersion: "v1", kind: "Secret", type: "Opaque" });
    expect(secret.metadata.namespace).toBe("istio-system");
    expect(Object.keys(secret.stringData as object).sort()).toEqual([
      "ca-cert.pem",
      "ca-key.pem",
      "cert-chain.pem",
      "root-cert.pem",
    ]);
    const order = applyOrder(declared.objects).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(order.indexOf("Secret/cacerts")).toBeLessThan(order.indexOf("Gateway/ingressgateway"));
    // istio-system is ensured by a NamespacePatch without labels: nothing for the check to label.
    expect(declared.namespacePatches).toContainEqual({
      namespace: "istio-system",
      labels: {},
      annotations: {},
    });
  });

  test("its files are what istiod verifies: a CA intermediate, its key, signed by the root, chained to it", () => {
    const files = cacerts().stringData as Record<string, string>;
    const [intermediate] = certificates(files["ca-cert.pem"]);
    const [root] = certificates(files["root-cert.pem"]);
    expect(intermediate.ca).toBe(true);
    expect(intermediate.checkIssued(root) && intermediate.verify(root.publicKey)).toBe(true);
    expect(intermediate.checkPrivateKey(createPrivateKey(files["ca-key.pem"]))).toBe(true);
    expect(certificates(files["cert-chain.pem"]).map((c) => c.fingerprint256)).toEqual([
      intermediate.fingerprint256,
      root.fingerprint256,
    ]);
    // The root is the stack's CA, the one that signed the ingress certificate.
    const credential = declared.objects.find((o) => o.metadata.name === "fireflyclass-credential");
    const [served] = certificates((credential?.stringData as Record<string, string>)["tls.crt"]);
    expect(served.checkIssued(root) && served.verify(root.publicKey)).toBe(true);
  });
});
