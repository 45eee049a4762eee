/**
 * Rule 19. Every hostname of an HTTPRoute is served by a listener it attaches to (a route host no
 * listener matches is silently dropped), and on an HTTPS listener the certificate covers it (a
 * wildcard covers one label), else clients reject the certificate.
 * https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames)
 */
import { certificateCovers } from "../lib/hosts";
import {
  attachedListeners,
  findGateway,
  httpRoutes,
  isTerminatingListener,
  kubeGateways,
  listenerMatches,
  type KubeGatewayInfo,
  type ListenerInfo,
} from "../lib/gateway-api";
import { leafDnsNames } from "../lib/pki";
import { noConfig, type StackRule } from "../lib/rule";
import { findSecret } from "../lib/secrets";
import type { StackView, Violation } from "../lib/stack";

/** DNS names of the certificate behind a listener, from what its Secret is built of. */
function listenerDnsNames(
  stack: StackView,
  gateway: KubeGatewayInfo,
  listener: ListenerInfo,
): string[] | undefined {
  const names = listener.certificateRefs.flatMap((ref) => {
    const secret = findSecret(stack, ref.namespace ?? gateway.namespace, ref.name);
    return secret === undefined
      ? []
      : [...stack.dependencyClosure(secret)].flatMap((urn) => {
          const dep = stack.get(urn);
          return dep === undefined ? [] : leafDnsNames(dep);
        });
  });
  // A certificate made outside the stack cannot be judged here.
  return names.length > 0 ? names : undefined;
}

export function checkRouteHosts(stack: StackView): Violation[] {
  const gateways = kubeGateways(stack);
  const violations: Violation[] = [];
  for (const route of httpRoutes(stack)) {
    for (const ref of route.parentRefs) {
      const gateway = findGateway(gateways, ref);
      if (gateway === undefined) continue;
      const listeners = attachedListeners(gateway, ref);
      for (const host of route.hostnames) {
        const serving = listeners.filter((l) => listenerMatches(l.hostname, host));
        if (serving.length === 0 && listeners.length > 0) {
          violations.push({
            urn: route.resource.urn,
            message:
              `HTTPRoute ${route.namespace}/${route.name} serves ${host} on Gateway ${gateway.namespace}/${gateway.name}` +
              `${ref.sectionName ? ` listener "${ref.sectionName}"` : ""}, whose hostnames ` +
              `(${listeners.map((l) => l.hostname ?? "any").join(", ")}) do not match it, so requests for it get 404. ` +
              `Fix: attach the route to a listener for ${host}, or add one.`,
          });
          continue;
        }
        for (const listener of serving.filter(isTerminatingListener)) {
          const dnsNames = listenerDnsNames(stack, gateway, listener);
          if (dnsNames === undefined || dnsNames.some((d) => certificateCovers(d, host))) continue;
          violations.push({
            urn: route.resource.urn,
            message:
              `HTTPRoute ${route.namespace}/${route.name} serves ${host} over TLS on listener "${listener.name}" of ` +
              `Gateway ${gateway.namespace}/${gateway.name}, but its certificate covers only ${dnsNames.join(", ")}; ` +
              `clients will reject it (a wildcard covers one label). Fix: add "${host}" to the certificate's dnsNames, ` +
              `or use a host it covers.`,
          });
        }
      }
    }
  }
  return violations;
}

export const gatewayApiRouteHostsRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "httproute-hosts-covered",
  description:
    "Each HTTPRoute hostname is matched by a listener it attaches to and, over HTTPS, covered by that listener's certificate.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkRouteHosts(stack),
};
