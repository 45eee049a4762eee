import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { PkiSettings } from "../config/types";
import { type CertificatePlan, type KeyParameters, type PkiPlan, pkiPlan } from "./plan";

export interface PkiArgs {
  /** The sandbox's domain; the leaf certificate covers `*.<domain>` and `<domain>`. */
  readonly domain: string;
  readonly settings: PkiSettings;
  /** Issue a client certificate signed by the same CA, for a MUTUAL HTTPS Gateway. */
  readonly clientCertificate: boolean;
  /** Issue an intermediate CA signed by the same CA, for istiod to sign workload certificates with. */
  readonly meshCa?: boolean;
}

/** A certificate and its private key, both PEM. The key is always a secret. */
export interface KeyPair {
  readonly certificatePem: pulumi.Output<string>;
  readonly privateKeyPem: pulumi.Output<string>;
}

/**
 * The walkthrough's self-signed CA and wildcard server certificate (and, for MUTUAL mode, a client
 * certificate), made with @pulumi/tls. It takes no cluster, so Pulumi creates it in parallel with
 * the cluster (DESIGN ordering rule 7).
 */
export class Pki extends pulumi.ComponentResource {
  /** The CA certificate, PEM: what `curl --cacert` needs. Not secret. */
  public readonly caCertificatePem: pulumi.Output<string>;
  /** Secret. */
  public readonly caPrivateKeyPem: pulumi.Output<string>;
  /** The wildcard server certificate and key for the HTTPS Gateway's credential. */
  public readonly server: KeyPair;
  /** Present when `clientCertificate` was requested. */
  public readonly client?: KeyPair;
  /** istiod's intermediate CA and its key; present when `meshCa` was requested. */
  public readonly meshCa?: KeyPair;

  constructor(name: string, args: PkiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:pki:Pki", name, {}, opts);
    const plan = pkiPlan(args.domain, args.settings);

    const caKey = this.privateKey(`${name}-ca`, plan.key);
    const ca = new tls.SelfSignedCert(
      `${name}-ca`,
      {
        privateKeyPem: caKey,
        isCaCertificate: true,
        allowedUses: [...plan.ca.allowedUses],
        subject: plan.ca.subject,
        validityPeriodHours: plan.caValidityPeriodHours,
        earlyRenewalHours: plan.earlyRenewalHours,
        setSubjectKeyId: true,
      },
      { parent: this },
    );
    this.caCertificatePem = ca.certPem;
    this.caPrivateKeyPem = caKey;

    this.server = this.signedByCa(`${name}-server`, plan.key, plan.server, plan, ca, caKey);
    if (args.clientCertificate) {
      this.client = this.signedByCa(`${name}-client`, plan.key, plan.client, plan, ca, caKey);
    }
    if (args.meshCa === true) {
      this.meshCa = this.signedByCa(`${name}-mesh-ca`, plan.key, plan.meshCa, plan.meshCa, ca, caKey, true);
    }

    this.registerOutputs({
      caCertificatePem: this.caCertificatePem,
      caPrivateKeyPem: this.caPrivateKeyPem,
      serverCertificatePem: this.server.certificatePem,
      serverPrivateKeyPem: this.server.privateKeyPem,
      clientCertificatePem: this.client?.certificatePem,
      clientPrivateKeyPem: this.client?.privateKeyPem,
      meshCaCertificatePem: this.meshCa?.certificatePem,
      meshCaPrivateKeyPem: this.meshCa?.privateKeyPem,
    });
  }

  /** The key's PEM, wrapped as a secret here too: the provider marks it, but only a real engine honours that. */
  private privateKey(name: string, key: KeyParameters): pulumi.Output<string> {
    const resource = new tls.PrivateKey(`${name}-key`, { ...key }, { parent: this });
    return pulumi.secret(resource.privateKeyPem);
  }

  private signedByCa(
    name: string,
    key: KeyParameters,
    plan: CertificatePlan,
    lifetime: Pick<PkiPlan, "validityPeriodHours" | "earlyRenewalHours">,
    ca: tls.SelfSignedCert,
    caKey: pulumi.Output<string>,
    isCa = false,
  ): KeyPair {
    const privateKeyPem = this.privateKey(name, key);
    const request = new tls.CertRequest(
      `${name}-csr`,
      { privateKeyPem, subject: plan.subject, dnsNames: [...plan.dnsNames] },
      { parent: this },
    );
    const cert = new tls.LocallySignedCert(
      `${name}-cert`,
      {
        certRequestPem: request.certRequestPem,
        caCertPem: ca.certPem,
        caPrivateKeyPem: caKey,
        allowedUses: [...plan.allowedUses],
        validityPeriodHours: lifetime.validityPeriodHours,
        // `pulumi up` within this window replaces the certificate (and the Secret follows), so a
        // sandbox that is re-applied now and then never serves an expired certificate.
        earlyRenewalHours: lifetime.earlyRenewalHours,
        isCaCertificate: isCa,
      },
      { parent: this },
    );
    return { certificatePem: cert.certPem, privateKeyPem };
  }
}
