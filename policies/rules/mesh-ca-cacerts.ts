/**
 * Istio's plug-in CA (`meshCa: sandbox`). istiod reads a `cacerts` Secret from its namespace when it
 * starts (https://istio.io/latest/docs/tasks/security/cert-management/plugin-ca-cert/):
 * - some but not all of its files stop istiod ("incomplete signing CA bundle detected":
 *   https://github.com/istio/istio/blob/release-1.31/pilot/pkg/bootstrap/istio_ca.go#L510-L512); the
 *   files are `ca-cert.pem`, `ca-key.pem`, `root-cert.pem`, `cert-chain.pem`, or `tls.crt`, `tls.key`,
 *   `ca.crt` when `tls.crt` is there (istio_ca.go#L229-L256);
 * - its root is what every workload trusts, so where the stack declares its own CA, the chain must end
 *   there: otherwise workload certificates and the ingress certificate have different roots.
 *
 * At preview a value may be unknown, or a resource may come without properties at all (its provider
 * is not known yet): a check that cannot see a value reports nothing about it.
 */
import { pemCertificates, selfSignedCaCertificates } from "../lib/pki";
import { noConfig, type StackRule } from "../lib/rule";
import { type SecretContent, secretContent } from "../lib/secrets";
import {
  GROUPS,
  objectName,
  qualifiedName,
  type StackResource,
  type StackView,
  type Violation,
} from "../lib/stack";
import { asObject, isUnseen } from "../lib/values";

export const CACERTS_SECRET = "cacerts";

interface Layout {
  readonly keys: readonly string[];
  /** The file whose certificates workloads trust. */
  readonly root: string;
  /** The file whose last certificate the chain ends at. */
  readonly chain: string;
}

const ISTIOD_LAYOUT: Layout = {
  keys: ["ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem"],
  root: "root-cert.pem",
  chain: "cert-chain.pem",
};
/** The kubernetes.io/tls layout: the chain is tls.crt then ca.crt (istio_ca.go#L235-L243). */
const TLS_LAYOUT: Layout = { keys: ["tls.crt", "tls.key", "ca.crt"], root: "ca.crt", chain: "ca.crt" };

/** The value of `key` as text: stringData as it is, data decoded; undefined when not known. */
function text(content: SecretContent, key: string): string | undefined {
  const plain = content.values.get(`stringData:${key}`);
  if (plain !== undefined) return isUnseen(plain) ? undefined : plain;
  const encoded = content.values.get(`data:${key}`);
  return encoded === undefined || isUnseen(encoded)
    ? undefined
    : Buffer.from(encoded, "base64").toString("utf8");
}

/**
 * True when the set of keys cannot be told: neither `data` nor `stringData` was handed over, or one
 * of them is not known (or not a map) yet.
 */
function keysUnseen(secret: StackResource): boolean {
  const fields = [secret.props["data"], secret.props["stringData"]];
  return (
    fields.every((f) => f === undefined) ||
    fields.some((f) => f !== undefined && (isUnseen(f) || asObject(f) === undefined))
  );
}

function missingKeys(secret: StackResource, content: SecretContent): Violation[] {
  if (!content.keysKnown || keysUnseen(secret)) return [];
  const layout = content.keys.has("tls.crt") ? TLS_LAYOUT : ISTIOD_LAYOUT;
  const missing = layout.keys.filter((k) => !content.keys.has(k));
  if (missing.length === 0) return [];
  return [
    {
      urn: secret.urn,
      message:
        `Secret ${qualifiedName(secret)} (Istio's plug-in CA) lacks ${missing.join(", ")}; istiod refuses to start ` +
        `with an incomplete signing CA bundle. Fix: put all of ${layout.keys.join(", ")} in it (the intermediate CA, ` +
        `its key, the root, and the chain from the intermediate to the root).`,
    },
  ];
}

function rootProblems(secret: StackResource, content: SecretContent, stack: StackView): Violation[] {
  const cas = selfSignedCaCertificates(stack);
  // No CA of the stack's own to compare with, or one not known yet: nothing to tell.
  if (cas.length === 0 || cas.some((ca) => ca.pem === undefined)) return [];
  const roots = new Set(cas.flatMap((ca) => pemCertificates(ca.pem ?? "")));
  const names = cas.map((ca) => `"${ca.resource.name}"`).join(", ");
  const layout = content.keys.has("tls.crt") ? TLS_LAYOUT : ISTIOD_LAYOUT;
  const violations: Violation[] = [];
  const root = text(content, layout.root);
  if (root !== undefined && !pemCertificates(root).some((cert) => roots.has(cert))) {
    violations.push({
      urn: secret.urn,
      message:
        `Secret ${qualifiedName(secret)}: ${layout.root} is not the stack's CA (${names}), so workloads would trust ` +
        `another root than the ingress certificate's. Fix: put the stack's CA certificate in ${layout.root}.`,
    });
  }
  const chain = text(content, layout.chain);
  const last = chain === undefined ? undefined : pemCertificates(chain).at(-1);
  if (chain !== undefined && layout.chain !== layout.root && (last === undefined || !roots.has(last))) {
    violations.push({
      urn: secret.urn,
      message:
        `Secret ${qualifiedName(secret)}: ${layout.chain} does not end at the stack's CA (${names}), so workload ` +
        `certificates would chain to another root. Fix: make ${layout.chain} the intermediate CA's certificate ` +
        `followed by the stack's CA certificate, as the stack's CA signed it.`,
    });
  }
  return violations;
}

export function checkMeshCaSecrets(stack: StackView): Violation[] {
  return stack
    .ofKind(GROUPS.core, "Secret")
    .filter((secret) => !isUnseen(secret.props["metadata"]) && objectName(secret) === CACERTS_SECRET)
    .flatMap((secret) => {
      const content = secretContent(secret);
      return [...missingKeys(secret, content), ...rootProblems(secret, content, stack)];
    });
}

export const meshCaSecretRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "mesh-ca-cacerts",
  description:
    "A cacerts Secret (Istio's plug-in CA) holds every file istiod needs, and its chain ends at the stack's CA.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkMeshCaSecrets(stack),
};
