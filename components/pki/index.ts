export { Pki, type PkiArgs, type KeyPair } from "./pki";
export { pkiPlan, keyParameters, serverDnsNames, CA_USES, SERVER_USES, CLIENT_USES } from "./plan";
export type { PkiPlan, CertificatePlan, CertificateSubject, KeyParameters } from "./plan";
