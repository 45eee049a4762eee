/**
 * Rule 8, second half. Istio's validation rejects portLevelMtls on a PeerAuthentication without
 * a workload selector, since ports only mean something for selected workloads.
 * https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication
 */
import { readPeerAuthentication } from "../lib/istio";
import { noConfig, type ResourceRule } from "../lib/rule";
import { GROUPS, isKind, type StackResource } from "../lib/stack";

export function checkPortLevelMtls(resource: StackResource): string[] {
  const pa = readPeerAuthentication(resource);
  if (!pa.portLevelMtls || !pa.namespaceWide) return [];
  return [
    `PeerAuthentication ${pa.namespace}/${pa.name} sets portLevelMtls without a workload selector, which Istio ` +
      `rejects. Fix: add spec.selector.matchLabels for the workload whose ports these are, or drop portLevelMtls ` +
      `and set spec.mtls.mode for the whole namespace.`,
  ];
}

export const portLevelMtlsRule: ResourceRule<Record<string, never>> = {
  kind: "resource",
  name: "peer-authentication-port-level-needs-selector",
  description:
    "portLevelMtls appears only on a PeerAuthentication with a workload selector, as Istio's validation requires.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  appliesTo: (resource) => isKind(resource, GROUPS.istioSecurity, "PeerAuthentication"),
  check: (resource) => checkPortLevelMtls(resource),
};
