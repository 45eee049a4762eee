/**
 * Gateway API objects (gateway.networking.k8s.io) as the stack declares them: Gateways and their
 * listeners, HTTPRoutes and their parentRefs, ReferenceGrants.
 * https://gateway-api.sigs.k8s.io/reference/spec/
 */
import { objectName, objectNamespace, spec, type StackResource, type StackView } from "./stack";
import { asArray, asString, at, isUnknown } from "./values";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

export interface ListenerInfo {
  readonly name: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly protocol?: string;
  readonly tlsMode?: string;
  readonly certificateRefs: readonly {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
  }[];
  /** `Same` when unset, as the API defaults it; undefined when not known at preview. */
  readonly allowedFrom?: string;
}

export interface KubeGatewayInfo {
  readonly resource: StackResource;
  readonly name: string;
  readonly namespace: string;
  readonly className?: string;
  readonly listeners: readonly ListenerInfo[];
}

export interface ParentRefInfo {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly sectionName?: string;
}

export interface HttpRouteInfo {
  readonly resource: StackResource;
  readonly name: string;
  readonly namespace: string;
  readonly hostnames: readonly string[];
  readonly parentRefs: readonly ParentRefInfo[];
}

function isGatewayApi(resource: StackResource, kind: string): boolean {
  return resource.type.startsWith(`kubernetes:${GATEWAY_API_GROUP}/`) && resource.type.endsWith(`:${kind}`);
}

function listener(raw: unknown): ListenerInfo | undefined {
  const name = asString(at(raw, "name"));
  if (name === undefined) return undefined;
  const port = at(raw, "port");
  const from = at(raw, "allowedRoutes", "namespaces", "from");
  return {
    name,
    hostname: asString(at(raw, "hostname")),
    port: typeof port === "number" ? port : undefined,
    protocol: asString(at(raw, "protocol")),
    tlsMode: asString(at(raw, "tls", "mode")) ?? (at(raw, "tls") === undefined ? undefined : "Terminate"),
    certificateRefs: asArray(at(raw, "tls", "certificateRefs")).flatMap((ref) => {
      const refName = asString(at(ref, "name"));
      return refName === undefined
        ? []
        : [
            {
              kind: asString(at(ref, "kind")) ?? "Secret",
              name: refName,
              namespace: asString(at(ref, "namespace")),
            },
          ];
    }),
    allowedFrom: isUnknown(from) ? undefined : (asString(from) ?? "Same"),
  };
}

export function kubeGateways(stack: StackView): KubeGatewayInfo[] {
  return stack.resources
    .filter((r) => isGatewayApi(r, "Gateway"))
    .map((resource) => ({
      resource,
      name: objectName(resource),
      namespace: objectNamespace(resource),
      className: asString(at(spec(resource), "gatewayClassName")),
      listeners: asArray(at(spec(resource), "listeners")).flatMap((l) => {
        const info = listener(l);
        return info === undefined ? [] : [info];
      }),
    }));
}

export function httpRoutes(stack: StackView): HttpRouteInfo[] {
  return stack.resources
    .filter((r) => isGatewayApi(r, "HTTPRoute"))
    .map((resource) => {
      const namespace = objectNamespace(resource);
      return {
        resource,
        name: objectName(resource),
        namespace,
        hostnames: asArray(at(spec(resource), "hostnames")).filter((h): h is string => typeof h === "string"),
        parentRefs: asArray(at(spec(resource), "parentRefs")).flatMap((ref) => {
          const name = asString(at(ref, "name"));
          return name === undefined
            ? []
            : [
                {
                  kind: asString(at(ref, "kind")) ?? "Gateway",
                  name,
                  // A parentRef without a namespace means the route's own namespace.
                  namespace: asString(at(ref, "namespace")) ?? namespace,
                  sectionName: asString(at(ref, "sectionName")),
                },
              ];
        }),
      };
    });
}

export function findGateway(
  all: readonly KubeGatewayInfo[],
  ref: ParentRefInfo,
): KubeGatewayInfo | undefined {
  return all.find((g) => g.namespace === ref.namespace && g.name === ref.name);
}

/** The listeners a parentRef attaches to: the named section, or every listener. */
export function attachedListeners(gateway: KubeGatewayInfo, ref: ParentRefInfo): ListenerInfo[] {
  return ref.sectionName === undefined
    ? [...gateway.listeners]
    : gateway.listeners.filter((l) => l.name === ref.sectionName);
}

/** Whether a listener's allowedRoutes admit routes from `namespace` (Selector: assumed, not evaluated). */
export function admitsNamespace(gateway: KubeGatewayInfo, l: ListenerInfo, namespace: string): boolean {
  if (l.allowedFrom === undefined || l.allowedFrom === "All" || l.allowedFrom === "Selector") return true;
  return namespace === gateway.namespace;
}

/**
 * Whether a listener hostname matches a route hostname: no listener hostname matches everything,
 * and `*.example.com` matches any name below example.com, not example.com itself.
 */
export function listenerMatches(listenerHostname: string | undefined, host: string): boolean {
  if (listenerHostname === undefined) return true;
  const l = listenerHostname.toLowerCase();
  const h = host.toLowerCase();
  if (l === h) return true;
  if (l.startsWith("*.")) return h.endsWith(l.slice(1)) && h.length > l.length - 1;
  return false;
}

/** Whether a ReferenceGrant in `toNamespace` lets Gateways of `fromNamespace` read Secret `name`. */
export function secretGranted(
  stack: StackView,
  fromNamespace: string,
  toNamespace: string,
  name: string,
): boolean {
  return stack.resources
    .filter((r) => isGatewayApi(r, "ReferenceGrant") && objectNamespace(r) === toNamespace)
    .some((grant) => {
      const from = asArray(at(spec(grant), "from")).some(
        (f) =>
          asString(at(f, "group")) === GATEWAY_API_GROUP &&
          asString(at(f, "kind")) === "Gateway" &&
          asString(at(f, "namespace")) === fromNamespace,
      );
      const to = asArray(at(spec(grant), "to")).some((t) => {
        const toName = asString(at(t, "name"));
        return (
          (asString(at(t, "group")) ?? "") === "" &&
          asString(at(t, "kind")) === "Secret" &&
          (toName === undefined || toName === name)
        );
      });
      return from && to;
    });
}

export function isTerminatingListener(l: ListenerInfo): boolean {
  return (l.protocol === "HTTPS" || l.protocol === "TLS") && l.tlsMode === "Terminate";
}
