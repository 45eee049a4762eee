/**
 * Real TLS material for the tls provider's resources while the program runs under mocks, made with
 * `openssl` in a private directory: istioctl analyze parses a Gateway's credential Secret, so fake
 * text would be judged, not the program. Keys and certificates stay in memory and that directory.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

type Inputs = Record<string, unknown>;

interface Subject {
  readonly commonName?: string;
  readonly organization?: string;
}

/** An openssl `-subj` value; "/" and "=" would break its syntax, so they are refused. */
export function subjectArg(subject: Subject | undefined): string {
  const parts: string[] = [];
  if (subject?.organization) parts.push(`O=${subject.organization}`);
  parts.push(`CN=${subject?.commonName ?? "istio-sandbox"}`);
  for (const p of parts) {
    if (/[/\n]/.test(p.slice(p.indexOf("=") + 1))) throw new Error(`subject part "${p}" holds "/"`);
  }
  return `/${parts.join("/")}`;
}

/** openssl keyUsage / extendedKeyUsage extensions for the tls provider's `allowedUses`. */
export function usageExtensions(uses: readonly string[], isCa: boolean): string[] {
  const key = uses
    .map(
      (u) =>
        ({
          digital_signature: "digitalSignature",
          key_encipherment: "keyEncipherment",
          cert_signing: "keyCertSign",
          crl_signing: "cRLSign",
        })[u],
    )
    .filter((u): u is string => u !== undefined);
  const extended = uses
    .map((u) => ({ server_auth: "serverAuth", client_auth: "clientAuth" })[u])
    .filter((u): u is string => u !== undefined);
  return [
    `basicConstraints=critical,CA:${isCa ? "TRUE" : "FALSE"}`,
    ...(key.length > 0 ? [`keyUsage=critical,${key.join(",")}`] : []),
    ...(extended.length > 0 ? [`extendedKeyUsage=${extended.join(",")}`] : []),
  ];
}

export class TlsMaterial {
  private count = 0;

  constructor(private readonly dir: string) {}

  private file(name: string, content: string): string {
    const file = path.join(this.dir, `${this.count++}-${name}`);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  private openssl(args: string[]): string {
    return execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** The state the tls provider would report for a resource of this type, or undefined. */
  state(type: string, inputs: Inputs): Record<string, unknown> | undefined {
    switch (type) {
      case "tls:index/privateKey:PrivateKey": {
        const ecdsa = inputs.algorithm === "ECDSA";
        const pair = ecdsa
          ? generateKeyPairSync("ec", { namedCurve: "prime256v1" })
          : generateKeyPairSync("rsa", { modulusLength: Number(inputs.rsaBits ?? 2048) });
        return {
          privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }),
          publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }),
        };
      }
      case "tls:index/selfSignedCert:SelfSignedCert": {
        const key = this.file("key.pem", String(inputs.privateKeyPem));
        const ext = usageExtensions((inputs.allowedUses as string[]) ?? [], inputs.isCaCertificate === true);
        const certPem = this.openssl([
          "req",
          "-x509",
          "-new",
          "-key",
          key,
          "-subj",
          subjectArg(inputs.subject as Subject),
          "-days",
          String(Math.max(1, Math.ceil(Number(inputs.validityPeriodHours ?? 24) / 24))),
          ...ext.flatMap((e) => ["-addext", e]),
        ]);
        return { certPem };
      }
      case "tls:index/certRequest:CertRequest": {
        const key = this.file("key.pem", String(inputs.privateKeyPem));
        const dns = (inputs.dnsNames as string[]) ?? [];
        const certRequestPem = this.openssl([
          "req",
          "-new",
          "-key",
          key,
          "-subj",
          subjectArg(inputs.subject as Subject),
          ...(dns.length > 0 ? ["-addext", `subjectAltName=${dns.map((d) => `DNS:${d}`).join(",")}`] : []),
        ]);
        return { certRequestPem };
      }
      case "tls:index/locallySignedCert:LocallySignedCert": {
        const csr = this.file("req.pem", String(inputs.certRequestPem));
        const ca = this.file("ca.pem", String(inputs.caCertPem));
        const caKey = this.file("ca-key.pem", String(inputs.caPrivateKeyPem));
        const ext = this.file(
          "ext.cnf",
          usageExtensions((inputs.allowedUses as string[]) ?? [], inputs.isCaCertificate === true).join("\n"),
        );
        const certPem = this.openssl([
          "x509",
          "-req",
          "-in",
          csr,
          "-CA",
          ca,
          "-CAkey",
          caKey,
          "-CAcreateserial",
          "-days",
          String(Math.max(1, Math.ceil(Number(inputs.validityPeriodHours ?? 24) / 24))),
          "-copy_extensions",
          "copy",
          "-extfile",
          ext,
        ]);
        return { certPem };
      }
      default:
        return undefined;
    }
  }
}
