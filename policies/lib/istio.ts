/** Readers for the Istio objects the rules look at, tolerant of missing and unknown fields. */
import {
  GROUPS,
  isKind,
  objectName,
  objectNamespace,
  spec,
  type StackResource,
  type StackView,
} from "./stack";
import { asArray, asObject, asString, asStringMap, at, isUnknown } from "./values";

export interface GatewayServer {
  readonly index: number;
  readonly portNumber?: number;
  readonly portName?: string;
  /** Upper-cased, as Istio compares protocols case-insensitively. */
  readonly protocol?: string;
  readonly hosts: readonly string[];
  /** The raw `tls` block; `UNKNOWN` when not known. */
  readonly tls: unknown;
}

export interface GatewayInfo {
  readonly resource: StackResource;
  readonly namespace: string;
  readonly name: string;
  /** `undefined` when the selector is absent or not known. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly selectorKnown: boolean;
  readonly servers: readonly GatewayServer[];
}

export function isGateway(resource: StackResource): boolean {
  return isKind(resource, GROUPS.istioNetworking, "Gateway");
}

export function readGateway(resource: StackResource): GatewayInfo {
  const s = spec(resource);
  const rawSelector = at(s, "selector");
  const servers = asArray(at(s, "servers")).map((raw, index): GatewayServer => {
    const port = at(raw, "port");
    const number = at(port, "number");
    return {
      index,
      portNumber: typeof number === "number" ? number : undefined,
      portName: asString(at(port, "name")),
      protocol: asString(at(port, "protocol"))?.toUpperCase(),
      hosts: asArray(at(raw, "hosts")).filter((h): h is string => typeof h === "string"),
      tls: at(raw, "tls"),
    };
  });
  return {
    resource,
    namespace: objectNamespace(resource),
    name: objectName(resource),
    selector: asStringMap(rawSelector),
    selectorKnown: !isUnknown(rawSelector),
    servers,
  };
}

export function gateways(stack: StackView): GatewayInfo[] {
  return stack.ofKind(GROUPS.istioNetworking, "Gateway").map(readGateway);
}

/** How a server is named in messages: `server "https" (port 443, HTTPS)`. */
export function describeServer(server: GatewayServer): string {
  const name = server.portName !== undefined ? `"${server.portName}" ` : `#${server.index} `;
  return `server ${name}(port ${server.portNumber ?? "?"}, ${server.protocol ?? "no protocol"})`;
}

export const TERMINATING_TLS_MODES: readonly string[] = ["SIMPLE", "MUTUAL", "OPTIONAL_MUTUAL"];
export const MUTUAL_TLS_MODES: readonly string[] = ["MUTUAL", "OPTIONAL_MUTUAL"];

export function tlsMode(server: GatewayServer): string | undefined {
  return asString(at(server.tls, "mode"))?.toUpperCase();
}

/** The secrets a server names: `credentialName`, or the newer `credentialNames` list. */
export function credentialNames(server: GatewayServer): string[] {
  const single = asString(at(server.tls, "credentialName"));
  const many = asArray(at(server.tls, "credentialNames")).filter((c): c is string => typeof c === "string");
  return single !== undefined && single !== "" ? [single, ...many] : many;
}

export interface VirtualServiceInfo {
  readonly resource: StackResource;
  readonly namespace: string;
  readonly name: string;
  readonly hosts: readonly string[];
  /** `spec.gateways` as written; `undefined` when absent (mesh only) or not known. */
  readonly gatewayRefs?: readonly string[];
  /** Destination hosts of every http, tcp and tls route. */
  readonly destinationHosts: readonly string[];
}

export function readVirtualService(resource: StackResource): VirtualServiceInfo {
  const s = spec(resource);
  const rawGateways = at(s, "gateways");
  const destinationHosts: string[] = [];
  for (const kind of ["http", "tcp", "tls"]) {
    for (const route of asArray(at(s, kind))) {
      for (const dest of asArray(at(route, "route"))) {
        const host = asString(at(dest, "destination", "host"));
        if (host !== undefined) destinationHosts.push(host);
      }
    }
  }
  return {
    resource,
    namespace: objectNamespace(resource),
    name: objectName(resource),
    hosts: asArray(at(s, "hosts")).filter((h): h is string => typeof h === "string"),
    gatewayRefs: Array.isArray(rawGateways)
      ? rawGateways.filter((g): g is string => typeof g === "string")
      : undefined,
    destinationHosts,
  };
}

export function virtualServices(stack: StackView): VirtualServiceInfo[] {
  return stack.ofKind(GROUPS.istioNetworking, "VirtualService").map(readVirtualService);
}

/** The reserved gateway name for the sidecars of the mesh. */
export const MESH_GATEWAY = "mesh";

/**
 * Resolves a VirtualService's gateway reference as Istio does: `<namespace>/<name>`, and a bare
 * name means the VirtualService's own namespace.
 * https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
 */
export function resolveGatewayRef(ref: string, vsNamespace: string): { namespace: string; name: string } {
  const slash = ref.indexOf("/");
  return slash < 0
    ? { namespace: vsNamespace, name: ref }
    : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

/** The stack Gateways a VirtualService binds to, after Istio's resolution of each reference. */
export function boundGateways(vs: VirtualServiceInfo, all: readonly GatewayInfo[]): GatewayInfo[] {
  const out: GatewayInfo[] = [];
  for (const ref of vs.gatewayRefs ?? []) {
    if (ref === MESH_GATEWAY) continue;
    const { namespace, name } = resolveGatewayRef(ref, vs.namespace);
    const gw = all.find((g) => g.namespace === namespace && g.name === name);
    if (gw !== undefined && !out.includes(gw)) out.push(gw);
  }
  return out;
}

/** The namespace a destination host points into, or undefined for a host outside the cluster. */
export function destinationNamespace(
  host: string,
  vsNamespace: string,
): { service: string; namespace: string } | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return { service: parts[0], namespace: vsNamespace };
  if (parts.length === 2) return { service: parts[0], namespace: parts[1] };
  if (parts[2] === "svc") return { service: parts[0], namespace: parts[1] };
  return undefined;
}

export interface PeerAuthenticationInfo {
  readonly resource: StackResource;
  readonly namespace: string;
  readonly name: string;
  /** True when the policy has no workload selector, so it applies namespace-wide. */
  readonly namespaceWide: boolean;
  /** `spec.mtls.mode`, upper-cased; `UNSET` when absent. `undefined` when not known. */
  readonly mode?: string;
  readonly portLevelMtls: boolean;
}

export function readPeerAuthentication(resource: StackResource): PeerAuthenticationInfo {
  const s = spec(resource);
  const matchLabels = at(s, "selector", "matchLabels");
  const labels = asObject(matchLabels);
  const rawMode = at(s, "mtls", "mode");
  const portLevel = asObject(at(s, "portLevelMtls"));
  return {
    resource,
    namespace: objectNamespace(resource),
    name: objectName(resource),
    namespaceWide: !isUnknown(matchLabels) && (labels === undefined || Object.keys(labels).length === 0),
    mode: isUnknown(rawMode) ? undefined : (asString(rawMode)?.toUpperCase() ?? "UNSET"),
    portLevelMtls: portLevel !== undefined && Object.keys(portLevel).length > 0,
  };
}
