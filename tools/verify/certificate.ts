/** Judges a served certificate chain against the sandbox's CA and the app's host. Pure. */
import { X509Certificate } from "node:crypto";

/** DNS names from an X509Certificate's `subjectAltName` text, e.g. `DNS:*.example.com, DNS:example.com`. */
export function dnsNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4).toLowerCase());
}

/** RFC 6125 matching: a leading `*.` covers exactly one label, never the bare domain. */
export function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (!p.startsWith("*.")) return p === h;
  const suffix = p.slice(1);
  return h.endsWith(suffix) && h.length > suffix.length && !h.slice(0, -suffix.length).includes(".");
}

export interface CertificateVerdict {
  readonly ok: boolean;
  /** One clause per property, e.g. `issued by ca.example.com`, `SAN *.example.com covers x.example.com`. */
  readonly findings: readonly string[];
}

function commonName(subject: string): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject.replace(/\n/g, ", ");
}

/**
 * The chain must lead to the CA (some certificate in it is signed by the CA's key), the leaf's SANs
 * must cover `host`, and `now` must fall inside the leaf's validity.
 */
export function judgeCertificate(
  chain: readonly X509Certificate[],
  caPem: string,
  host: string,
  now: Date,
): CertificateVerdict {
  const leaf = chain[0];
  if (!leaf) return { ok: false, findings: ["no certificate served"] };
  const ca = new X509Certificate(caPem);
  const findings: string[] = [];
  let ok = true;

  const chained = chain.some((cert) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (chained) findings.push(`chains to ${commonName(ca.subject)}`);
  else {
    ok = false;
    findings.push(`issued by ${commonName(leaf.issuer)}, not by the stack's CA ${commonName(ca.subject)}`);
  }

  const names = dnsNames(leaf.subjectAltName);
  const covering = names.find((name) => nameCovers(name, host));
  if (covering) findings.push(`SAN ${covering} covers ${host}`);
  else {
    ok = false;
    findings.push(`SANs [${names.join(", ") || "none"}] do not cover ${host}`);
  }

  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (now < notBefore) {
    ok = false;
    findings.push(`not valid before ${notBefore.toISOString()}`);
  } else if (now > notAfter) {
    ok = false;
    findings.push(`expired ${notAfter.toISOString()}`);
  } else findings.push(`valid until ${notAfter.toISOString().slice(0, 10)}`);

  return { ok, findings };
}
