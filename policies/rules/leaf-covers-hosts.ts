/**
 * Rule 12c. The server certificate covers every host that a VirtualService serves over TLS under
 * the certificate's domain. A wildcard covers one label only: `*.example.com` does not cover
 * `a.b.example.com`, and clients reject the certificate for such a host.
 */
import { workloadNamespaces } from "../lib/install";
import {
  certificateCovers,
  certificateDomain,
  gatewayHostAdmits,
  hostsIntersect,
  isUnderDomain,
  splitGatewayHost,
} from "../lib/hosts";
import {
  boundGateways,
  credentialNames,
  gateways,
  TERMINATING_TLS_MODES,
  tlsMode,
  virtualServices,
  type GatewayInfo,
  type GatewayServer,
} from "../lib/istio";
import { leafDnsNames } from "../lib/pki";
import { noConfig, type StackRule } from "../lib/rule";
import { findSecret } from "../lib/secrets";
import type { StackView, Violation } from "../lib/stack";

/** DNS names of the certificate behind a server: the ones its Secret is built from, else every leaf's. */
function serverDnsNames(stack: StackView, gateway: GatewayInfo, server: GatewayServer): string[] {
  const everyLeaf = stack.resources.flatMap(leafDnsNames);
  const fromSecrets = credentialNames(server).flatMap((name) => {
    const secrets = workloadNamespaces(stack, gateway).map((ns) => findSecret(stack, ns, name));
    return secrets
      .flatMap((secret) => (secret === undefined ? [] : [...stack.dependencyClosure(secret)]))
      .flatMap((urn) => {
        const dep = stack.get(urn);
        return dep === undefined ? [] : leafDnsNames(dep);
      });
  });
  return fromSecrets.length > 0 ? fromSecrets : everyLeaf;
}

export function checkLeafCoversHosts(stack: StackView): Violation[] {
  const allGateways = gateways(stack);
  const violations: Violation[] = [];
  for (const vs of virtualServices(stack)) {
    for (const gateway of boundGateways(vs, allGateways)) {
      for (const server of gateway.servers) {
        const mode = tlsMode(server);
        if (mode === undefined || !TERMINATING_TLS_MODES.includes(mode)) continue;
        const dnsNames = serverDnsNames(stack, gateway, server);
        const domains = [...new Set(dnsNames.map(certificateDomain))];
        for (const host of vs.hosts) {
          const served = server.hosts.some((raw) => {
            const { namespace, dnsName } = splitGatewayHost(raw);
            return (
              gatewayHostAdmits(namespace, gateway.namespace, vs.namespace) && hostsIntersect(dnsName, host)
            );
          });
          if (!served || !domains.some((d) => isUnderDomain(host, d))) continue;
          if (dnsNames.some((d) => certificateCovers(d, host))) continue;
          violations.push({
            urn: vs.resource.urn,
            message:
              `VirtualService ${vs.namespace}/${vs.name} serves ${host} over TLS on Gateway ${gateway.namespace}/` +
              `${gateway.name}, but the server certificate covers only ${dnsNames.join(", ")}; clients will reject ` +
              `it (a wildcard covers one label). Fix: add "${host}" to the certificate request's dnsNames, or use a ` +
              `host the certificate covers.`,
          });
        }
      }
    }
  }
  return violations;
}

export const leafCoversHostsRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "tls-leaf-covers-hosts",
  description:
    "The server certificate's DNS names cover every VirtualService host served over TLS under its domain.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkLeafCoversHosts(stack),
};
