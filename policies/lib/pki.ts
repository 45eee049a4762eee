/** The @pulumi/tls resources the PKI rules read. */
import type { StackResource } from "./stack";
import { asArray } from "./values";
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
