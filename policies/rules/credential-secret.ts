/**
 * Rule 3 (IST0101, IST0161). The gateway reads a server's credentialName from a Secret in the
 * namespace of the gateway *workload*, holding a key pair (`tls.crt`/`tls.key` or `cert`/`key`);
 * MUTUAL also needs the CA (`ca.crt`, `cacert`, or a `<name>-cacert` Secret).
 * https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/
 * The walkthrough filled its `-cacert` Secret with the server certificate: wrong for MUTUAL and
 * unused by SIMPLE.
 */
import { workloadNamespaces } from "../lib/install";
import {
  credentialNames,
  describeServer,
  gateways,
  MUTUAL_TLS_MODES,
  TERMINATING_TLS_MODES,
  tlsMode,
  type GatewayInfo,
  type GatewayServer,
} from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import { findSecret, hasKeys, secretContent, valueOf } from "../lib/secrets";
import { GROUPS, objectNamespace, type StackView, type Violation } from "../lib/stack";
import { asString, at } from "../lib/values";

const CERT_TYPES: readonly string[] = [
  "tls:index/selfSignedCert:SelfSignedCert",
  "tls:index/locallySignedCert:LocallySignedCert",
];

/**
 * A `-cacert` Secret holds the server certificate when its value equals the credential's
 * certificate, or when it is built from a non-CA certificate resource only.
 */
function cacertHoldsServerCert(
  stack: StackView,
  cacertUrn: string,
  credentialUrn: string | undefined,
): boolean {
  const cacert = stack.get(cacertUrn);
  if (cacert === undefined) return false;
  const content = secretContent(cacert);
  const caValue = valueOf(content, "cacert", "ca.crt");
  if (credentialUrn !== undefined && caValue !== undefined) {
    const credential = stack.get(credentialUrn);
    const certValue = credential && valueOf(secretContent(credential), "cert", "tls.crt");
    if (certValue !== undefined && certValue === caValue) return true;
  }
  const certs = cacert.dependencies
    .map((urn) => stack.get(urn))
    .filter((r) => r !== undefined && CERT_TYPES.includes(r.type));
  return certs.length > 0 && certs.every((c) => at(c?.props, "isCaCertificate") !== true);
}

function checkServer(stack: StackView, gateway: GatewayInfo, server: GatewayServer): string[] {
  const mode = tlsMode(server);
  if (mode === undefined || !TERMINATING_TLS_MODES.includes(mode)) return [];
  const messages: string[] = [];
  const where = `Gateway ${gateway.namespace}/${gateway.name} ${describeServer(server)}`;
  for (const name of credentialNames(server)) {
    for (const namespace of workloadNamespaces(stack, gateway)) {
      const secret = findSecret(stack, namespace, name);
      const cacert = findSecret(stack, namespace, `${name}-cacert`);
      if (secret === undefined) {
        const elsewhere = stack
          .ofKind(GROUPS.core, "Secret")
          .filter((s) => (asString(at(s.props, "metadata", "name")) ?? s.name) === name)
          .map(objectNamespace);
        const moved =
          elsewhere.length > 0
            ? ` A Secret "${name}" exists in ${elsewhere.join(", ")}, which the gateway cannot read.`
            : "";
        messages.push(
          `${where} uses credentialName "${name}", but no Secret ${namespace}/${name} is declared; the gateway ` +
            `workload runs in ${namespace} and reads credentials only from there.${moved} Fix: create Secret ` +
            `${namespace}/${name} of type kubernetes.io/tls with tls.crt and tls.key.`,
        );
        continue;
      }
      const content = secretContent(secret);
      if (!hasKeys(content, "tls.crt", "tls.key") && !hasKeys(content, "cert", "key")) {
        messages.push(
          `${where} uses Secret ${namespace}/${name}, which holds [${[...content.keys].join(", ")}] but no key ` +
            `pair. Fix: store the certificate and key as tls.crt and tls.key (type kubernetes.io/tls), or as cert and key.`,
        );
      }
      const hasCa = hasKeys(content, "ca.crt") || hasKeys(content, "cacert") || cacert !== undefined;
      if (MUTUAL_TLS_MODES.includes(mode) && !hasCa) {
        messages.push(
          `${where} is ${mode}, which verifies client certificates, but Secret ${namespace}/${name} holds no CA ` +
            `and there is no Secret ${namespace}/${name}-cacert. Fix: add the CA certificate as ca.crt ` +
            `(or cacert) to ${namespace}/${name}.`,
        );
      }
      if (cacert !== undefined && cacertHoldsServerCert(stack, cacert.urn, secret.urn)) {
        const unused = mode === "SIMPLE" ? `, or delete it: SIMPLE mode never reads it` : "";
        messages.push(
          `Secret ${namespace}/${name}-cacert holds the server certificate, but Istio reads it as the CA that ` +
            `signed the clients' certificates. Fix: put the CA certificate (ca.crt) in its cacert key${unused}.`,
        );
      }
    }
  }
  return messages;
}

export function checkCredentialSecrets(stack: StackView): Violation[] {
  return gateways(stack).flatMap((gateway) =>
    gateway.servers.flatMap((server) =>
      checkServer(stack, gateway, server).map((message) => ({ urn: gateway.resource.urn, message })),
    ),
  );
}

export const credentialSecretRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "gateway-credential-secret",
  description:
    "A TLS server's credentialName has a Secret with a key pair in the gateway workload's namespace; MUTUAL also has the CA.",
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0101", "IST0161"],
  readConfig: noConfig,
  check: (stack) => checkCredentialSecrets(stack),
};
