/** Host name matching, as Istio does it for routing and as TLS clients do it for certificates. */

/**
 * A Gateway server host is `[namespace/]dnsName`; the namespace part limits which namespaces'
 * VirtualServices may bind: `*` any, `.` the Gateway's own, `~` none.
 * https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 */
export function splitGatewayHost(host: string): { namespace: string; dnsName: string } {
  const slash = host.indexOf("/");
  return slash < 0
    ? { namespace: "*", dnsName: host }
    : { namespace: host.slice(0, slash), dnsName: host.slice(slash + 1) };
}

export function gatewayHostAdmits(
  namespacePart: string,
  gatewayNamespace: string,
  vsNamespace: string,
): boolean {
  if (namespacePart === "*") return true;
  if (namespacePart === "~") return false;
  if (namespacePart === ".") return vsNamespace === gatewayNamespace;
  return namespacePart === vsNamespace;
}

/**
 * Istio's wildcard matching: `*` matches everything and `*.example.com` matches any name ending
 * in `.example.com`. Two hosts match when either one covers the other, which is how a
 * VirtualService host is checked against a Gateway host.
 */
export function hostsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return wildcardCovers(x, y) || wildcardCovers(y, x);
}

function wildcardCovers(pattern: string, host: string): boolean {
  if (pattern === host || pattern === "*") return true;
  if (!pattern.startsWith("*.")) return false;
  const suffix = pattern.slice(1);
  const bare = host.startsWith("*.") ? host.slice(1) : host;
  return bare.endsWith(suffix) && bare.length > suffix.length;
}

/**
 * Whether a certificate's DNS name serves `host`: a wildcard stands for exactly one label
 * (RFC 6125 §6.4.3), so `*.example.com` covers `a.example.com` but not `a.b.example.com` or
 * `example.com`.
 */
export function certificateCovers(dnsName: string, host: string): boolean {
  const name = dnsName.toLowerCase();
  const h = host.toLowerCase();
  if (name === h) return true;
  if (!name.startsWith("*.") || h.startsWith("*.")) return false;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot) === name.slice(1);
}

/** The domain a certificate name belongs to: `*.example.com` and `example.com` both give `example.com`. */
export function certificateDomain(dnsName: string): string {
  return dnsName.toLowerCase().replace(/^\*\./, "");
}

/** True when `host` is the domain itself or a name below it. */
export function isUnderDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/^\*\./, "");
  return h === domain || h.endsWith(`.${domain}`);
}
