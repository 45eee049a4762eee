/**
 * Rule 11, advisory half (IST0138). When two Gateways of one workload share a certificate, a
 * browser may reuse one HTTP/2 connection for both, and the gateway answers 404 for the host of
 * the other Gateway.
 * https://istio.io/latest/docs/reference/config/analysis/ist0138/
 */
import { gatewaysSharingSelector } from "../lib/gateway-pairs";
import { credentialNames } from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";

export function checkSharedCredentials(stack: StackView): Violation[] {
  const violations: Violation[] = [];
  for (const [first, second] of gatewaysSharingSelector(stack)) {
    const firstNames = new Set(first.servers.flatMap(credentialNames));
    const shared = [...new Set(second.servers.flatMap(credentialNames))].filter((n) => firstNames.has(n));
    for (const name of shared) {
      violations.push({
        urn: second.resource.urn,
        message:
          `Gateways ${first.namespace}/${first.name} and ${second.namespace}/${second.name} select the same workload ` +
          `and both use credentialName "${name}"; clients that reuse an HTTP/2 connection across their hosts get 404s. ` +
          `Fix: serve all hosts of this certificate from one server of one Gateway, or give each Gateway its own certificate.`,
      });
    }
  }
  return violations;
}

export const sharedCredentialRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "gateway-shared-credential",
  description: "One credentialName is not used by two Gateways of the same selector.",
  enforcementLevel: "advisory",
  analyzerCodes: ["IST0138"],
  readConfig: noConfig,
  check: (stack) => checkSharedCredentials(stack),
};
