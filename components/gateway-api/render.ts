/**
 * Pure rendering of the Gateway API ingress: one Gateway of class `istio` with HTTP and HTTPS
 * listeners for `*.<domain>` and `<domain>`, the ConfigMap that pins its generated Service's
 * nodePorts, and one HTTPRoute per routed host.
 */
import { stringify } from "yaml";
import type { IngressSettings } from "../config/types";
import {
  GATEWAY_API_GROUP,
  GATEWAY_API_VERSION,
  type GatewayApiObject,
  ISTIO_GATEWAY_CLASS,
  type Listener,
  type ParentReference,
} from "../k8s-types/gateway-api";
import { serverDnsNames } from "../pki/plan";

/** The one Gateway's name; Istio names its Deployment and Service `<name>-istio`. */
export const GATEWAY_NAME = "ingress";

/**
 * `<gateway>-<gatewayClassName>`: the name of what istiod generates for a Gateway of class istio
 * (https://github.com/istio/istio/blob/release-1.31/pilot/pkg/config/kube/gatewaycommon/gateway_utils.go, GetDefaultName).
 */
export function generatedServiceName(gateway: string): string {
  return `${gateway}-${ISTIO_GATEWAY_CLASS}`;
}

/** The label istiod puts on the generated gateway pods (and the Gateway API defines). */
export function gatewayPodLabels(gateway: string): Record<string, string> {
  return { "gateway.networking.k8s.io/gateway-name": gateway };
}

export interface GatewayApiInputs {
  readonly domain: string;
  /** The Gateway's namespace: its proxy and the credential Secret live here. */
  readonly namespace: string;
  readonly settings: IngressSettings;
  /** Fixed nodePorts of the generated Service, which the k3d host ports map to. */
  readonly nodePorts: { readonly http: number; readonly https: number };
}

/** A host the Gateway routes to a Service: an app or an add-on UI. */
export interface RouteTarget {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly service: string;
  readonly port: number;
}

/** `http`/`https` for `*.<domain>`, `http-apex`/`https-apex` for `<domain>` itself. */
export function listenerName(protocol: "http" | "https", host: string, domain: string): string {
  return host === domain ? `${protocol}-apex` : protocol;
}

function listeners(inputs: GatewayApiInputs): Listener[] {
  // Routes from any namespace may attach; each app's HTTPRoute lives beside its Service.
  const allowedRoutes = { namespaces: { from: "All" as const } };
  return serverDnsNames(inputs.domain).flatMap((hostname): Listener[] => [
    {
      name: listenerName("http", hostname, inputs.domain),
      hostname,
      port: 80,
      protocol: "HTTP",
      allowedRoutes,
    },
    {
      name: listenerName("https", hostname, inputs.domain),
      hostname,
      port: 443,
      protocol: "HTTPS",
      tls: {
        mode: "Terminate",
        certificateRefs: [{ group: "", kind: "Secret", name: inputs.settings.credentialName }],
      },
      allowedRoutes,
    },
  ]);
}

/** The ConfigMap that `spec.infrastructure.parametersRef` names. */
export function parametersName(gateway: string): string {
  return `${gateway}-options`;
}

export function renderGateway(inputs: GatewayApiInputs): GatewayApiObject<"Gateway"> {
  if (inputs.settings.tlsMode !== "SIMPLE") {
    throw new Error(`tlsMode ${inputs.settings.tlsMode} is not supported with ingressApi gateway-api`);
  }
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "Gateway",
    metadata: { name: GATEWAY_NAME, namespace: inputs.namespace },
    spec: {
      gatewayClassName: ISTIO_GATEWAY_CLASS,
      infrastructure: { parametersRef: { group: "", kind: "ConfigMap", name: parametersName(GATEWAY_NAME) } },
      listeners: listeners(inputs),
    },
  };
}

/**
 * The generated Service's customisation. Istio applies the ConfigMap's `service` key as a strategic
 * merge patch to the Service it renders for the Gateway (deploymentcontroller.go, applyOverlay:
 * https://github.com/istio/istio/blob/release-1.31/pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go;
 * https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment).
 * Service ports merge by `port`, so these entries add the fixed nodePorts to the listeners' ports.
 */
export function renderGatewayParameters(inputs: GatewayApiInputs): {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly data: Readonly<Record<"service", string>>;
} {
  const service = {
    spec: {
      type: "LoadBalancer",
      ports: [
        { port: 80, nodePort: inputs.nodePorts.http },
        { port: 443, nodePort: inputs.nodePorts.https },
      ],
    },
  };
  return {
    metadata: { name: parametersName(GATEWAY_NAME), namespace: inputs.namespace },
    data: { service: stringify(service) },
  };
}

function parentRef(gatewayNamespace: string, routeNamespace: string, sectionName: string): ParentReference {
  return {
    group: GATEWAY_API_GROUP,
    kind: "Gateway",
    name: GATEWAY_NAME,
    // A parentRef without a namespace means the route's own namespace.
    ...(routeNamespace === gatewayNamespace ? {} : { namespace: gatewayNamespace }),
    sectionName,
  };
}

/**
 * One target's HTTPRoute: on the HTTPS listener that covers its host, and on the HTTP one too unless
 * HTTP only redirects.
 */
export function renderHttpRoute(
  target: RouteTarget,
  inputs: GatewayApiInputs,
): GatewayApiObject<"HTTPRoute"> {
  if (
    !serverDnsNames(inputs.domain).some(
      (name) => name === target.host || hostUnder(target.host, inputs.domain),
    )
  ) {
    throw new Error(`host "${target.host}" is not covered by the Gateway's listeners for ${inputs.domain}`);
  }
  const sections = [
    ...(inputs.settings.httpsRedirect ? [] : [listenerName("http", target.host, inputs.domain)]),
    listenerName("https", target.host, inputs.domain),
  ];
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "HTTPRoute",
    metadata: { name: target.name, namespace: target.namespace },
    spec: {
      parentRefs: sections.map((section) => parentRef(inputs.namespace, target.namespace, section)),
      hostnames: [target.host],
      rules: [{ backendRefs: [{ name: target.service, port: target.port }] }],
    },
  };
}

/** With httpsRedirect: every plain-HTTP request answers 301 to https (the HTTP listeners only). */
export function renderRedirectRoute(inputs: GatewayApiInputs): GatewayApiObject<"HTTPRoute"> {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "HTTPRoute",
    metadata: { name: `${GATEWAY_NAME}-https-redirect`, namespace: inputs.namespace },
    spec: {
      parentRefs: serverDnsNames(inputs.domain).map((host) =>
        parentRef(inputs.namespace, inputs.namespace, listenerName("http", host, inputs.domain)),
      ),
      rules: [
        { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
      ],
    },
  };
}

/** One label under the domain, which `*.<domain>` matches. */
function hostUnder(host: string, domain: string): boolean {
  return host.endsWith(`.${domain}`) && !host.slice(0, -domain.length - 1).includes(".");
}
