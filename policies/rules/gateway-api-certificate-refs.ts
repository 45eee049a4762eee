/**
 * Rule 18. A Gateway API HTTPS listener terminates TLS with the Secret its certificateRefs name: a
 * `kubernetes.io/tls` Secret that exists, in the Gateway's namespace or in another namespace whose
 * ReferenceGrant lets that Gateway read it. Otherwise the listener is not programmed and TLS fails.
 * https://gateway-api.sigs.k8s.io/guides/tls/#cross-namespace-certificate-references
 */
import { isTerminatingListener, kubeGateways, secretGranted } from "../lib/gateway-api";
import { noConfig, type StackRule } from "../lib/rule";
import { findSecret } from "../lib/secrets";
import type { StackView, Violation } from "../lib/stack";
import { isUnknown } from "../lib/values";

export function checkCertificateRefs(stack: StackView): Violation[] {
  const violations: Violation[] = [];
  for (const gateway of kubeGateways(stack)) {
    for (const listener of gateway.listeners.filter(isTerminatingListener)) {
      const where = `Listener "${listener.name}" of Gateway ${gateway.namespace}/${gateway.name}`;
      if (listener.certificateRefs.length === 0) {
        violations.push({
          urn: gateway.resource.urn,
          message: `${where} terminates TLS but names no certificateRefs. Fix: add a certificateRef to the kubernetes.io/tls Secret holding the server certificate.`,
        });
      }
      for (const ref of listener.certificateRefs) {
        if (ref.kind !== "Secret") continue;
        const namespace = ref.namespace ?? gateway.namespace;
        const secret = findSecret(stack, namespace, ref.name);
        if (secret === undefined) {
          violations.push({
            urn: gateway.resource.urn,
            message: `${where} names Secret ${namespace}/${ref.name}, which the stack does not declare, so TLS fails. Fix: create the kubernetes.io/tls Secret in ${gateway.namespace}, or correct the name.`,
          });
          continue;
        }
        const type = secret.props["type"];
        if (!isUnknown(type) && type !== "kubernetes.io/tls") {
          violations.push({
            urn: secret.urn,
            message: `${where} names Secret ${namespace}/${ref.name}, whose type is ${typeof type === "string" ? type : "Opaque"}; Gateway API listeners read kubernetes.io/tls Secrets (tls.crt, tls.key). Fix: set type: kubernetes.io/tls.`,
          });
        }
        if (
          namespace !== gateway.namespace &&
          !secretGranted(stack, gateway.namespace, namespace, ref.name)
        ) {
          violations.push({
            urn: gateway.resource.urn,
            message:
              `${where} names Secret ${namespace}/${ref.name} in another namespace, and no ReferenceGrant in ` +
              `${namespace} lets Gateways of ${gateway.namespace} read it. Fix: move the Secret to ${gateway.namespace}, ` +
              `or add a ReferenceGrant in ${namespace} from Gateway (namespace ${gateway.namespace}) to Secret ${ref.name}.`,
          });
        }
      }
    }
  }
  return violations;
}

export const gatewayApiCertificateRefsRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "gateway-certificate-refs",
  description:
    "Each Gateway API HTTPS listener's certificateRefs name a kubernetes.io/tls Secret the Gateway can read (its namespace, or a ReferenceGrant).",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkCertificateRefs(stack),
};
