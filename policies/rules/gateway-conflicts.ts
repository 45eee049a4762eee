/**
 * Rule 11 (IST0145). Two Gateways loaded by the same workload on the same port must not claim
 * overlapping hosts: only one server can win, and the other's routes silently vanish.
 * https://istio.io/latest/docs/reference/config/analysis/ist0145/
 */
import { gatewaysSharingSelector } from "../lib/gateway-pairs";
import { hostsIntersect, splitGatewayHost } from "../lib/hosts";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";
import { formatLabels } from "../lib/values";

export function checkGatewayConflicts(stack: StackView): Violation[] {
  const violations: Violation[] = [];
  for (const [first, second] of gatewaysSharingSelector(stack)) {
    for (const a of first.servers) {
      for (const b of second.servers) {
        if (a.portNumber === undefined || a.portNumber !== b.portNumber) continue;
        const overlap = a.hosts.filter((ha) =>
          b.hosts.some((hb) => hostsIntersect(splitGatewayHost(ha).dnsName, splitGatewayHost(hb).dnsName)),
        );
        if (overlap.length === 0) continue;
        violations.push({
          urn: second.resource.urn,
          message:
            `Gateway ${second.namespace}/${second.name} conflicts with Gateway ${first.namespace}/${first.name}: both ` +
            `select ${formatLabels(second.selector ?? {})} and serve port ${a.portNumber} for overlapping hosts ` +
            `(${overlap.join(", ")}), so only one of them takes effect. Fix: put these hosts in one Gateway, make the ` +
            `hosts disjoint, or use a different port.`,
        });
      }
    }
  }
  return violations;
}

export const gatewayConflictRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "gateway-host-conflict",
  description: "Two Gateways with the same selector and port do not claim overlapping hosts.",
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0145"],
  readConfig: noConfig,
  check: (stack) => checkGatewayConflicts(stack),
};
