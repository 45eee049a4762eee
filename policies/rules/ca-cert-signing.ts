/**
 * Rule 12b. A CA certificate carries the keyCertSign usage (the walkthrough's CA config says so
 * too), and a certificate that signs others is a CA; without both, clients reject the chain.
 */
import { CERTIFICATE_TYPES, TLS_TYPES } from "../lib/pki";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";
import { asArray, isUnknown } from "../lib/values";

export function checkCaCertificates(stack: StackView): Violation[] {
  const violations: Violation[] = [];
  const certs = stack.ofType(...CERTIFICATE_TYPES);
  for (const cert of certs) {
    const isCa = cert.props["isCaCertificate"];
    const uses = cert.props["allowedUses"];
    if (isCa === true && !isUnknown(uses) && !asArray(uses).includes("cert_signing")) {
      violations.push({
        urn: cert.urn,
        message:
          `CA certificate "${cert.name}" does not allow certificate signing, so certificates it signs will not ` +
          `verify. Fix: add "cert_signing" (and "crl_signing") to allowedUses.`,
      });
    }
  }
  for (const leaf of stack.ofType(TLS_TYPES.locallySignedCert)) {
    for (const issuer of leaf.dependencies.map((urn) => stack.get(urn))) {
      if (issuer === undefined || !CERTIFICATE_TYPES.includes(issuer.type)) continue;
      const isCa = issuer.props["isCaCertificate"];
      if (isCa === true || isUnknown(isCa)) continue;
      violations.push({
        urn: issuer.urn,
        message:
          `Certificate "${issuer.name}" signs "${leaf.name}" but is not a CA certificate. Fix: set ` +
          `isCaCertificate: true and allowedUses ["cert_signing", "crl_signing"] on "${issuer.name}".`,
      });
    }
  }
  return violations;
}

export const caCertSigningRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "tls-ca-can-sign",
  description: "The CA certificate is a CA and allows certificate signing.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkCaCertificates(stack),
};
