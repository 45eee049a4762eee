/** The @pulumi/tls resources the PKI rules read. */
import type { StackResource } from "./stack";
import { asArray, asString, isUnseen } from "./values";
export const TLS_TYPES = {
  privateKey: "tls:index/privateKey:PrivateKey",
  selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
  locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
  certRequest: "tls:index/certRequest:CertRequest",
} as const;

export const CERTIFICATE_TYPES: readonly string[] = [TLS_TYPES.selfSignedCert, TLS_TYPES.locallySignedCert];

/** The DNS names of leaf certificates: certificate requests and non-CA self-signed certificates. */
export function leafDnsNames(resource: StackResource): string[] {
  const isLeafSource =
    resource.type === TLS_TYPES.certRequest ||
    (resource.type === TLS_TYPES.selfSignedCert && resource.props["isCaCertificate"] !== true);
  return isLeafSource
    ? asArray(resource.props["dnsNames"]).filter((d): d is string => typeof d === "string")
    : [];
}

/** What a PEM bundle's certificates are, for comparing: each one's base64 body without whitespace. */
export function pemCertificates(text: string): string[] {
  const blocks = text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g);
  return [...blocks].map((block) => block[1].replace(/\s+/g, ""));
}

/**
 * The self-signed CA certificates the stack declares (a certificate whose CA flag is not known yet, or
 * not handed over, counts as one), each with its PEM: a string where the certificate is known,
 * `undefined` where it is not yet (at preview, before the CA exists) or was not handed over.
 */
export function selfSignedCaCertificates(stack: {
  ofType(...types: readonly string[]): StackResource[];
}): { readonly resource: StackResource; readonly pem?: string }[] {
  return stack
    .ofType(TLS_TYPES.selfSignedCert)
    .filter((cert) => cert.props["isCaCertificate"] !== false)
    .map((resource) => {
      const pem = resource.props["certPem"];
      const known = resource.props["isCaCertificate"] === true && !isUnseen(pem);
      return { resource, pem: known ? asString(pem) : undefined };
    });
}
