/**
 * Pure builders for the per-app stack outputs: URLs and curl commands that work without an
 * /etc/hosts entry. curl's `--resolve` pins the app's host to the gateway's address while keeping
 * the host in the URL, so SNI and the Host header are what the Gateways and VirtualServices expect.
 */
import type { AppEndpoint, IngressEndpoint } from "./contract";

export interface EndpointApp {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
}

/** What the curl commands need to know about the ingress; a subset of IngressEndpoint. */
export type EndpointIngress = Pick<
  IngressEndpoint,
  "address" | "localHttpPort" | "localHttpsPort" | "tlsMode" | "httpsRedirect"
>;

/** Files the next-steps text tells the user to save, relative to where they run curl. */
export const CA_FILE = "ca.crt";
export const CLIENT_CERT_FILE = "client.crt";
export const CLIENT_KEY_FILE = "client.key";

/** Stands in for the address when the gateway has none yet (existing mode without a load balancer). */
export const ADDRESS_VARIABLE = "$INGRESS_ADDRESS";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function checkPort(what: string, port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`${what} must be a port number from 1 to 65535 (got ${port})`);
  }
}

/** `scheme://host[:port]/`, leaving out the scheme's default port. */
export function appUrl(scheme: "http" | "https", host: string, port: number): string {
  checkPort(`${scheme} port`, port);
  const defaultPort = scheme === "http" ? 80 : 443;
  return port === defaultPort ? `${scheme}://${host}/` : `${scheme}://${host}:${port}/`;
}

export interface CurlTarget {
  /** An IPv4/IPv6 address, a DNS name (load balancers such as AWS's hand out names), or $INGRESS_ADDRESS. */
  readonly address: string;
  readonly httpPort: number;
  readonly httpsPort: number;
}

/**
 * Where the curl commands connect: localhost through the k3d host ports when there are any (works
 * on every OS), else the load-balancer address on 80/443, else a variable the user sets.
 */
export function curlTarget(ingress: EndpointIngress): CurlTarget {
  checkPort("localHttpPort", ingress.localHttpPort);
  checkPort("localHttpsPort", ingress.localHttpsPort);
  if ((ingress.localHttpPort === undefined) !== (ingress.localHttpsPort === undefined)) {
    throw new Error(
      "localHttpPort and localHttpsPort must be set together (both k3d host ports, or neither)",
    );
  }
  if (ingress.localHttpPort !== undefined && ingress.localHttpsPort !== undefined) {
    return { address: "127.0.0.1", httpPort: ingress.localHttpPort, httpsPort: ingress.localHttpsPort };
  }
  if (ingress.address !== undefined) {
    const address = ingress.address.trim();
    if (!IPV4.test(address) && !address.includes(":") && !HOSTNAME.test(address)) {
      throw new Error(`ingress address "${ingress.address}" is neither an IP address nor a DNS name`);
    }
    return { address, httpPort: 80, httpsPort: 443 };
  }
  return { address: ADDRESS_VARIABLE, httpPort: 80, httpsPort: 443 };
}

/**
 * `--resolve host:port:ip` for an IP (IPv6 in brackets), `--connect-to host:port:name:port` for a
 * DNS name, which --resolve does not accept. https://curl.se/docs/manpage.html#--resolve
 */
export function pinHost(host: string, port: number, address: string): string {
  if (IPV4.test(address) || address === ADDRESS_VARIABLE) return `--resolve ${host}:${port}:${address}`;
  if (address.includes(":")) return `--resolve ${host}:${port}:[${address.replace(/^\[|\]$/g, "")}]`;
  return `--connect-to ${host}:${port}:${address}:${port}`;
}

export interface CurlCommands {
  readonly http: string;
  readonly https: string;
  readonly httpsWithoutCa: string;
}

/**
 * The walkthrough's three checks. A Host header with a non-default port (`host:8443`) still matches:
 * for a concrete VirtualService host Istio adds both `host` and `host:*` to the gateway's virtual host
 * domains (https://github.com/istio/istio/pull/20870, https://github.com/istio/istio/issues/25350).
 */
export function curlCommands(host: string, ingress: EndpointIngress): CurlCommands {
  const target = curlTarget(ingress);
  const httpUrl = appUrl("http", host, target.httpPort);
  const httpsUrl = appUrl("https", host, target.httpsPort);
  const pinHttps = pinHost(host, target.httpsPort, target.address);
  // In MUTUAL mode the client certificate is sent either way, so the CA is the only difference.
  const clientCert =
    ingress.tlsMode === "MUTUAL" ? ` --cert ${CLIENT_CERT_FILE} --key ${CLIENT_KEY_FILE}` : "";
  return {
    // With httpsRedirect the answer is a 301; -i shows it instead of an empty body.
    http: `curl -sS${ingress.httpsRedirect ? " -i" : ""} ${pinHost(host, target.httpPort, target.address)} ${httpUrl}`,
    https: `curl -sS ${pinHttps} --cacert ${CA_FILE}${clientCert} ${httpsUrl}`,
    httpsWithoutCa: `curl -sS ${pinHttps}${clientCert} ${httpsUrl}`,
  };
}

export function appEndpoint(app: EndpointApp, ingress: EndpointIngress): AppEndpoint {
  const local =
    ingress.localHttpPort !== undefined && ingress.localHttpsPort !== undefined
      ? {
          localHttp: appUrl("http", app.host, ingress.localHttpPort),
          localHttps: appUrl("https", app.host, ingress.localHttpsPort),
        }
      : {};
  const viaAddress =
    ingress.address !== undefined
      ? { http: appUrl("http", app.host, 80), https: appUrl("https", app.host, 443) }
      : {};
  return {
    name: app.name,
    namespace: app.namespace,
    host: app.host,
    urls: { ...viaAddress, ...local },
    curl: curlCommands(app.host, ingress),
  };
}

export function appEndpoints(apps: readonly EndpointApp[], ingress: EndpointIngress): AppEndpoint[] {
  return apps.map((app) => appEndpoint(app, ingress));
}
