/** Pure rendering of the ingress Gateways and of the credential Secret's keys. */
import type { IngressSettings } from "../config/types";
import type { GatewayServer, IstioObject } from "../k8s-types/istio";
import { ISTIO_NETWORKING_API_VERSION } from "../k8s-types/istio";
import { serverDnsNames } from "../pki/plan";

export interface GatewayInputs {
  readonly domain: string;
  /** Where the gateway workload runs; Gateways live there too. */
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly settings: IngressSettings;
}

/** `<namespace>/<name>`: the only form a VirtualService in another namespace can bind to. */
export function gatewayReference(namespace: string, name: string): string {
  for (const [what, value] of [
    ["namespace", namespace],
    ["name", name],
  ] as const) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) {
      throw new Error(
        `Gateway ${what} "${value}" is not a DNS label, so "${namespace}/${name}" is no valid reference`,
      );
    }
  }
  return `${namespace}/${name}`;
}

/** The walkthrough used `*`; scoping to the domain keeps the Gateways from claiming other hosts. */
export function gatewayHosts(domain: string): readonly string[] {
  return serverDnsNames(domain);
}

function checkSelector(selector: Readonly<Record<string, string>>): void {
  if (Object.keys(selector).length === 0) {
    // An empty selector matches every workload with a gateway, which is never what the sandbox means.
    throw new Error(
      "the Gateway selector is empty; pass the ingress gateway's pod labels (istio: ingressgateway)",
    );
  }
}

export function renderHttpGateway(inputs: GatewayInputs): IstioObject<"Gateway"> {
  checkSelector(inputs.selector);
  const server: GatewayServer = {
    port: { number: 80, name: "http", protocol: "HTTP" },
    hosts: gatewayHosts(inputs.domain),
    // httpsRedirect belongs on the plain-HTTP server; on the HTTPS server (the walkthrough's
    // choice) it does nothing. https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
    ...(inputs.settings.httpsRedirect ? { tls: { httpsRedirect: true } } : {}),
  };
  return {
    apiVersion: ISTIO_NETWORKING_API_VERSION,
    kind: "Gateway",
    metadata: { name: inputs.settings.httpGateway, namespace: inputs.namespace },
    spec: { selector: { ...inputs.selector }, servers: [server] },
  };
}

export function renderHttpsGateway(inputs: GatewayInputs): IstioObject<"Gateway"> {
  checkSelector(inputs.selector);
  return {
    apiVersion: ISTIO_NETWORKING_API_VERSION,
    kind: "Gateway",
    metadata: { name: inputs.settings.httpsGateway, namespace: inputs.namespace },
    spec: {
      selector: { ...inputs.selector },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts: gatewayHosts(inputs.domain),
          tls: { mode: inputs.settings.tlsMode, credentialName: inputs.settings.credentialName },
        },
      ],
    },
  };
}

/**
 * Keys of the `kubernetes.io/tls` credential Secret. `ca.crt` is only read in MUTUAL mode, to verify
 * client certificates; SIMPLE needs none.
 * https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/#configure-a-mutual-tls-ingress-gateway
 */
export function credentialSecretData<T>(
  tlsMode: IngressSettings["tlsMode"],
  material: { readonly certificate: T; readonly privateKey: T; readonly caCertificate: T },
): Record<string, T> {
  const data: Record<string, T> = { "tls.crt": material.certificate, "tls.key": material.privateKey };
  if (tlsMode === "MUTUAL") data["ca.crt"] = material.caCertificate;
  return data;
}
