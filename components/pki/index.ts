export { Pki, type PkiArgs, type KeyPair } from "./pki";
export {
  pkiPlan,
  keyParameters,
  serverDnsNames,
  CA_USES,
  SERVER_USES,
  CLIENT_USES,
  INTERMEDIATE_USES,
  INTERMEDIATE_DNS_NAMES,
} from "./plan";
export type { PkiPlan, CertificatePlan, CertificateSubject, KeyParameters, IntermediatePlan } from "./plan";
