/**
 * Rule 2 (IST0132). A Gateway only admits the hosts its servers list; a VirtualService host
 * outside them gets no route on that Gateway, so requests for it end in a 404.
 */
import { gatewayHostAdmits, hostsIntersect, splitGatewayHost } from "../lib/hosts";
import { boundGateways, gateways, virtualServices, type GatewayInfo } from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";

/** Whether any server of the Gateway admits `host` for a VirtualService in `vsNamespace`. */
export function gatewayServesHost(gateway: GatewayInfo, host: string, vsNamespace: string): boolean {
  return gateway.servers.some((server) =>
    server.hosts.some((raw) => {
      const { namespace, dnsName } = splitGatewayHost(raw);
      return gatewayHostAdmits(namespace, gateway.namespace, vsNamespace) && hostsIntersect(dnsName, host);
    }),
  );
}

export function checkVirtualServiceHosts(stack: StackView): Violation[] {
  const allGateways = gateways(stack);
  const violations: Violation[] = [];
  for (const vs of virtualServices(stack)) {
    for (const gateway of boundGateways(vs, allGateways)) {
      const missing = vs.hosts.filter((h) => !gatewayServesHost(gateway, h, vs.namespace));
      if (missing.length === 0) continue;
      const gatewayHosts = [...new Set(gateway.servers.flatMap((s) => s.hosts))];
      violations.push({
        urn: vs.resource.urn,
        message:
          `VirtualService ${vs.namespace}/${vs.name} has host(s) ${missing.join(", ")} that Gateway ` +
          `${gateway.namespace}/${gateway.name} does not serve (its hosts: ${gatewayHosts.join(", ") || "none"}), ` +
          `so requests for them get no route there. Fix: add ${missing.join(", ")} to the Gateway's ` +
          `servers[].hosts, or remove them from the VirtualService's spec.hosts.`,
      });
    }
  }
  return violations;
}

export const virtualServiceHostsRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "virtualservice-hosts-on-gateway",
  description: "Every host of a VirtualService is served by each Gateway it binds to.",
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0132"],
  readConfig: noConfig,
  check: (stack) => checkVirtualServiceHosts(stack),
};
