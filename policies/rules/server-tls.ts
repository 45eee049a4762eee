/**
 * Rule 5. HTTPS and TLS servers need a tls block that says how to terminate (or pass through);
 * a certificate on a plain-HTTP server is never used and signals a mix-up of the two servers.
 * https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
import {
  credentialNames,
  describeServer,
  isGateway,
  readGateway,
  TERMINATING_TLS_MODES,
  tlsMode,
} from "../lib/istio";
import { noConfig, type ResourceRule } from "../lib/rule";
import type { StackResource } from "../lib/stack";
import { asObject, at, isUnknown } from "../lib/values";

const SECURE_PROTOCOLS: readonly string[] = ["HTTPS", "TLS"];
const CERTIFICATE_FIELDS: readonly string[] = [
  "mode",
  "credentialName",
  "credentialNames",
  "serverCertificate",
  "privateKey",
  "caCertificates",
];

export function checkServerTls(resource: StackResource): string[] {
  const gateway = readGateway(resource);
  const messages: string[] = [];
  for (const server of gateway.servers) {
    if (isUnknown(server.tls)) continue;
    const where = `Gateway ${gateway.namespace}/${gateway.name} ${describeServer(server)}`;
    const tls = asObject(server.tls);
    if (server.protocol !== undefined && SECURE_PROTOCOLS.includes(server.protocol)) {
      if (tls === undefined) {
        messages.push(
          `${where} has no tls block, so the gateway cannot terminate TLS on it. Fix: add ` +
            `tls: { mode: SIMPLE, credentialName: "<secret in the gateway's namespace>" }.`,
        );
        continue;
      }
      const mode = tlsMode(server);
      const hasFiles = at(tls, "serverCertificate") !== undefined && at(tls, "privateKey") !== undefined;
      if (mode === undefined && credentialNames(server).length > 0) {
        messages.push(
          `${where} names credentialName but sets no tls.mode, so Istio passes TLS through and never uses the ` +
            `certificate. Fix: set tls.mode to SIMPLE (or MUTUAL).`,
        );
      } else if (
        mode !== undefined &&
        TERMINATING_TLS_MODES.includes(mode) &&
        credentialNames(server).length === 0 &&
        !hasFiles
      ) {
        messages.push(
          `${where} terminates TLS (mode ${mode}) but names no certificate. Fix: set tls.credentialName to the ` +
            `Secret holding the server's key pair.`,
        );
      }
    } else if (server.protocol === "HTTP" && tls !== undefined) {
      const stray = CERTIFICATE_FIELDS.filter((f) => tls[f] !== undefined);
      if (stray.length > 0) {
        messages.push(
          `${where} is plain HTTP but its tls block sets ${stray.join(", ")}, which the gateway ignores there. ` +
            `Fix: move the certificate settings to the HTTPS server (port 443) and keep only httpsRedirect on this one.`,
        );
      }
    }
  }
  return messages;
}

export const serverTlsRule: ResourceRule<Record<string, never>> = {
  kind: "resource",
  name: "gateway-server-tls",
  description:
    "HTTPS and TLS servers have a tls block with a mode and a certificate; HTTP servers carry no certificate.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  appliesTo: isGateway,
  check: (resource) => checkServerTls(resource),
};
