/** The cacerts Secret's contents in Istio's plug-in CA format, as pure data. */
import { CACERTS_KEYS, CACERTS_SECRET, cacertsData, certificateChain } from "../../components/mesh-ca";

const INTERMEDIATE = "-----BEGIN CERTIFICATE-----\nintermediate\n-----END CERTIFICATE-----\n";
const ROOT = "-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n";

describe("cacerts", () => {
  test("istiod's Secret name and the four files it reads", () => {
    expect(CACERTS_SECRET).toBe("cacerts");
    expect(Object.values(CACERTS_KEYS).sort()).toEqual([
      "ca-cert.pem",
      "ca-key.pem",
      "cert-chain.pem",
      "root-cert.pem",
    ]);
  });

  test("each input lands in its file", () => {
    expect(
      cacertsData({
        intermediateCertificate: "cert",
        intermediatePrivateKey: "key",
        rootCertificate: "root",
        certificateChain: "chain",
      }),
    ).toEqual({
      "ca-cert.pem": "cert",
      "ca-key.pem": "key",
      "root-cert.pem": "root",
      "cert-chain.pem": "chain",
    });
  });

  test("the chain is the intermediate, then the root, as `cat ca-cert.pem root-cert.pem` makes it", () => {
    expect(certificateChain(INTERMEDIATE, ROOT)).toBe(`${INTERMEDIATE}${ROOT}`);
  });

  test("a PEM without its final newline still starts the next certificate on a line of its own", () => {
    expect(certificateChain(INTERMEDIATE.trimEnd(), ROOT.trimEnd())).toBe(`${INTERMEDIATE}${ROOT}`);
  });
});
