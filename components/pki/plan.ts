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
}

/** The walkthrough's CA: keyCertSign + cRLSign, the usages a CA needs to be a CA. */
export const CA_USES = Object.freeze(["cert_signing", "crl_signing"]);
/** The walkthrough's wildcard leaf: a TLS server certificate. */
export const SERVER_USES = Object.freeze(["server_auth", "digital_signature", "key_encipherment"]);
/** For MUTUAL mode: the certificate curl presents with --cert. */
export const CLIENT_USES = Object.freeze(["client_auth", "digital_signature", "key_encipherment"]);

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
  };
}
