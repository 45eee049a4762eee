/**
 * The `cacerts` Secret in Istio's documented plug-in CA format, as pure data:
 * https://istio.io/latest/docs/tasks/security/cert-management/plugin-ca-cert/
 * istiod mounts it at /etc/cacerts and, when all four files are there, signs workload certificates with
 * `ca-cert.pem`/`ca-key.pem` instead of its own self-signed root
 * (https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L248-L256).
 */

/** istiod reads the Secret by this name from its own namespace (security/pkg/pki/ca/ca.go `CACertsSecret`). */
export const CACERTS_SECRET = "cacerts";

/**
 * The four files istiod needs. Some but not all of them is a fatal error at start ("incomplete signing
 * CA bundle detected": https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L510-L512),
 * so the Secret always carries all four.
 */
export const CACERTS_KEYS = Object.freeze({
  /** The intermediate CA that signs workload certificates. */
  caCert: "ca-cert.pem",
  /** Its private key. */
  caKey: "ca-key.pem",
  /** The root that workloads trust: the stack's CA. */
  rootCert: "root-cert.pem",
  /** The intermediate, then the root: what istiod appends to every workload certificate. */
  certChain: "cert-chain.pem",
} as const);

export interface CacertsInput<T> {
  readonly intermediateCertificate: T;
  readonly intermediatePrivateKey: T;
  readonly rootCertificate: T;
  readonly certificateChain: T;
}

/** `a` then `b`, each PEM ending its own line, as `cat a b` (Istio's Makefile.selfsigned.mk) would. */
export function certificateChain(intermediate: string, root: string): string {
  const line = (pem: string) => (pem.endsWith("\n") ? pem : `${pem}\n`);
  return `${line(intermediate)}${line(root)}`;
}

/**
 * The Secret's stringData. An Opaque Secret: istiod reads files from the mounted volume and only a
 * `tls.crt` file switches it to the kubernetes.io/tls layout
 * (https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L232-L245).
 */
export function cacertsData<T>(input: CacertsInput<T>): Record<string, T> {
  return {
    [CACERTS_KEYS.caCert]: input.intermediateCertificate,
    [CACERTS_KEYS.caKey]: input.intermediatePrivateKey,
    [CACERTS_KEYS.rootCert]: input.rootCertificate,
    [CACERTS_KEYS.certChain]: input.certificateChain,
  };
}
