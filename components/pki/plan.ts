/**
 * Pure decisions behind the sandbox's PKI: key parameters, subjects, SANs and key usages. The
 * component only turns this plan into @pulumi/tls resources.
 */
import type { PkiSettings } from "../config/types";

/** Arguments for a tls.PrivateKey; exactly one of rsaBits / ecdsaCurve is set. */
export type KeyParameters =
  | { readonly algorithm: "RSA"; readonly rsaBits: number }
  | { readonly algorithm: "ECDSA"; readonly ecdsaCurve: "P256" | "P384" };

export interface CertificateSubject {
  readonly commonName: string;
  readonly country: string;
  readonly province: string;
  readonly locality: string;
  readonly organization: string;
}

export interface CertificatePlan {
  readonly subject: CertificateSubject;
  /** @pulumi/tls `allowed_uses` values. */
  readonly allowedUses: readonly string[];
  readonly dnsNames: readonly string[];
}

/** A CA certificate that the stack's CA signs, with its own lifetime. */
export interface IntermediatePlan extends CertificatePlan {
  readonly validityPeriodHours: number;
  readonly earlyRenewalHours: number;
}

export interface PkiPlan {
  readonly key: KeyParameters;
  /** Server and client certificates. */
  readonly validityPeriodHours: number;
  readonly caValidityPeriodHours: number;
  /** @pulumi/tls marks a certificate for replacement this many hours before it expires. */
  readonly earlyRenewalHours: number;
  readonly ca: CertificatePlan;
  readonly server: CertificatePlan;
  readonly client: CertificatePlan;
  /** istiod's intermediate CA, for `meshCa: sandbox`. */
  readonly meshCa: IntermediatePlan;
}

/** The walkthrough's CA: keyCertSign + cRLSign, the usages a CA needs to be a CA. */
export const CA_USES = Object.freeze(["cert_signing", "crl_signing"]);
/** The walkthrough's wildcard leaf: a TLS server certificate. */
export const SERVER_USES = Object.freeze(["server_auth", "digital_signature", "key_encipherment"]);
/** For MUTUAL mode: the certificate curl presents with --cert. */
export const CLIENT_USES = Object.freeze(["client_auth", "digital_signature", "key_encipherment"]);
/**
 * istiod's intermediate signs workload certificates: keyCertSign and cRLSign, no extended usages
 * (Istio's own CA carries keyCertSign only:
 * https://github.com/istio/istio/blob/release-1.31/security/pkg/pki/util/generate_cert.go#L299), since
 * istiod verifies the plugged chain with Go's default serverAuth usage, which an EKU list could exclude
 * (https://github.com/istio/istio/blob/release-1.31/security/pkg/pki/util/keycertbundle.go#L338).
 */
export const INTERMEDIATE_USES = CA_USES;
/** Istio's reference intermediate names istiod's Service: https://github.com/istio/istio/blob/release-1.31/tools/certs/common.mk#L17 */
export const INTERMEDIATE_DNS_NAMES = Object.freeze(["istiod.istio-system.svc"]);
/** However long the CA lives, the intermediate lives at most a year. */
const INTERMEDIATE_MAX_DAYS = 365;

export function keyParameters(
  settings: Pick<PkiSettings, "algorithm" | "rsaBits" | "ecdsaCurve">,
): KeyParameters {
  switch (settings.algorithm) {
    case "RSA":
      return { algorithm: "RSA", rsaBits: settings.rsaBits };
    case "ECDSA":
      return { algorithm: "ECDSA", ecdsaCurve: settings.ecdsaCurve };
    default:
      throw new Error(
        `pki.algorithm "${String(settings.algorithm)}" is not supported. Fix: use RSA or ECDSA`,
      );
  }
}

/**
 * The wildcard leaf names `*.<domain>` and `<domain>`: a wildcard does not match the bare domain,
 * so both SANs are needed (the walkthrough's "redundant but required").
 */
export function serverDnsNames(domain: string): readonly string[] {
  const trimmed = domain.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(trimmed)) {
    throw new Error(
      `domain "${domain}" is not a DNS name with at least two labels, such as fireflyclass.com. Fix: pulumi config set domain fireflyclass.com`,
    );
  }
  return [`*.${trimmed}`, trimmed];
}

export function pkiPlan(domain: string, settings: PkiSettings): PkiPlan {
  for (const [key, days] of [
    ["certValidityDays", settings.validityDays],
    ["caValidityDays", settings.caValidityDays],
  ] as const) {
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`${key} must be a whole number of days, at least 1 (got ${days})`);
    }
  }
  const dnsNames = serverDnsNames(domain);
  // Half the CA's life at most: an intermediate renewed on schedule never outlives its issuer by much.
  const intermediateDays = Math.min(
    INTERMEDIATE_MAX_DAYS,
    Math.max(1, Math.floor(settings.caValidityDays / 2)),
  );
  const base = {
    country: settings.subject.country,
    province: settings.subject.province,
    locality: settings.subject.locality,
    organization: settings.subject.organization,
  };
  return {
    key: keyParameters(settings),
    validityPeriodHours: settings.validityDays * 24,
    caValidityPeriodHours: settings.caValidityDays * 24,
    // Never the whole life: a certificate renewed on every run would never be stable.
    earlyRenewalHours: Math.min(settings.earlyRenewalDays, Math.floor(settings.validityDays / 2)) * 24,
    ca: { subject: { ...base, commonName: settings.caCommonName }, allowedUses: CA_USES, dnsNames: [] },
    server: { subject: { ...base, commonName: dnsNames[0] }, allowedUses: SERVER_USES, dnsNames },
    client: {
      subject: { ...base, commonName: `client.${dnsNames[1]}` },
      allowedUses: CLIENT_USES,
      dnsNames: [],
    },
    meshCa: {
      subject: { ...base, commonName: `istiod-ca.${dnsNames[1]}` },
      allowedUses: INTERMEDIATE_USES,
      dnsNames: INTERMEDIATE_DNS_NAMES,
      validityPeriodHours: intermediateDays * 24,
      earlyRenewalHours: Math.min(settings.earlyRenewalDays, Math.floor(intermediateDays / 2)) * 24,
    },
  };
}
