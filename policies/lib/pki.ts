/** The @pulumi/tls resources the PKI rules read. */
export const TLS_TYPES = {
  privateKey: "tls:index/privateKey:PrivateKey",
  selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
  locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
  certRequest: "tls:index/certRequest:CertRequest",
} as const;

export const CERTIFICATE_TYPES: readonly string[] = [TLS_TYPES.selfSignedCert, TLS_TYPES.locallySignedCert];
