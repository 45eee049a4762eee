/**
 * Rule 17. An HTTPRoute attaches only to a Gateway that exists, through a listener that exists and
 * admits the route's namespace. A parentRef without a namespace means the route's own namespace:
 * the Gateway API's version of the walkthrough's 404. https://gateway-api.sigs.k8s.io/api-types/httproute/#parentrefs
 */
import {
  admitsNamespace,
  attachedListeners,
  findGateway,
  httpRoutes,
  kubeGateways,
} from "../lib/gateway-api";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";

export function checkParentRefs(stack: StackView): Violation[] {
  const gateways = kubeGateways(stack);
  const violations: Violation[] = [];
  for (const route of httpRoutes(stack)) {
    const what = `HTTPRoute ${route.namespace}/${route.name}`;
    if (route.parentRefs.length === 0) {
      violations.push({
        urn: route.resource.urn,
        message: `${what} has no parentRefs, so it attaches to no Gateway and serves nothing. Fix: add a parentRef to the ingress Gateway (name and namespace).`,
      });
    }
    for (const ref of route.parentRefs) {
      if (ref.kind !== "Gateway") continue;
      const gateway = findGateway(gateways, ref);
      if (gateway === undefined) {
        const declared = gateways.map((g) => `${g.namespace}/${g.name}`).join(", ") || "none";
        violations.push({
          urn: route.resource.urn,
          message:
            `${what} names Gateway ${ref.namespace}/${ref.name} in parentRefs, which the stack does not declare ` +
            `(declared: ${declared}), so the route attaches to nothing. Fix: name the Gateway and its namespace ` +
            `(a parentRef without namespace means the route's own).`,
        });
        continue;
      }
      const listeners = attachedListeners(gateway, ref);
      if (listeners.length === 0) {
        violations.push({
          urn: route.resource.urn,
          message:
            `${what} names listener "${ref.sectionName}" of Gateway ${gateway.namespace}/${gateway.name}, which has ` +
            `only ${gateway.listeners.map((l) => `"${l.name}"`).join(", ") || "no listeners"}. Fix: use one of those sectionNames.`,
        });
        continue;
      }
      if (!listeners.some((l) => admitsNamespace(gateway, l, route.namespace))) {
        violations.push({
          urn: route.resource.urn,
          message:
            `${what} attaches to Gateway ${gateway.namespace}/${gateway.name}, whose listeners admit routes from ` +
            `its own namespace only (allowedRoutes.namespaces.from: Same). Fix: set allowedRoutes.namespaces.from ` +
            `to All (or a Selector matching ${route.namespace}) on the listener.`,
        });
      }
    }
  }
  return violations;
}

export const gatewayApiParentRefsRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "httproute-parent-refs",
  description:
    "Each HTTPRoute's parentRefs name a Gateway the stack declares, an existing listener, and one that admits the route's namespace.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkParentRefs(stack),
};
