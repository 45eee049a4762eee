/**
 * Rule 4. `tls.httpsRedirect` makes a plain-HTTP server answer 301 to https; on an HTTPS server,
 * where the walkthrough put it, it does nothing.
 * https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
import { describeServer, isGateway, readGateway } from "../lib/istio";
import { noConfig, type ResourceRule } from "../lib/rule";
import type { StackResource } from "../lib/stack";
import { at } from "../lib/values";

export function checkHttpsRedirect(resource: StackResource): string[] {
  const gateway = readGateway(resource);
  return gateway.servers
    .filter((s) => at(s.tls, "httpsRedirect") === true && s.protocol !== "HTTP")
    .map(
      (s) =>
        `Gateway ${gateway.namespace}/${gateway.name} ${describeServer(s)} sets tls.httpsRedirect, which only ` +
        `acts on plain-HTTP servers, so it does nothing here. Fix: remove httpsRedirect from this server and ` +
        `set tls: { httpsRedirect: true } on the HTTP server (port 80) instead.`,
    );
}

export const httpsRedirectRule: ResourceRule<Record<string, never>> = {
  kind: "resource",
  name: "gateway-https-redirect-on-http",
  description: "tls.httpsRedirect is set only on HTTP servers.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  appliesTo: isGateway,
  check: (resource) => checkHttpsRedirect(resource),
};
