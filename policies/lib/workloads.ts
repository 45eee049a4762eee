/** Which Deployments the VirtualServices and HTTPRoutes send traffic to. */
import { httpRoutes } from "./gateway-api";
import { destinationNamespace, virtualServices } from "./istio";
import { GROUPS, objectNamespace, spec, type StackResource, type StackView } from "./stack";
import { asArray, asString, asStringMap, at, selects } from "./values";

export interface RoutedDeployment {
  readonly deployment: StackResource;
  readonly namespace: string;
  /** The route that sends it traffic. */
  readonly via: {
    readonly kind: "VirtualService" | "HTTPRoute";
    readonly namespace: string;
    readonly name: string;
  };
}

/**
 * Deployments behind a VirtualService's destinations or an HTTPRoute's backendRefs: the pods its Service selects, or, when the
 * Service is not in the stack, every Deployment of the destination's namespace.
 */
export function routedDeployments(stack: StackView): RoutedDeployment[] {
  const deployments = stack.ofKind(GROUPS.apps, "Deployment");
  const out: RoutedDeployment[] = [];
  const targets = [
    ...virtualServices(stack).flatMap((vs) =>
      vs.destinationHosts.flatMap((host) => {
        const dest = destinationNamespace(host, vs.namespace);
        const via = { kind: "VirtualService" as const, namespace: vs.namespace, name: vs.name };
        return dest === undefined ? [] : [{ dest, via }];
      }),
    ),
    // An HTTPRoute's backendRefs name Services, in the route's namespace unless they say otherwise.
    ...httpRoutes(stack).flatMap((route) =>
      asArray(at(spec(route.resource), "rules")).flatMap((rule) =>
        asArray(at(rule, "backendRefs")).flatMap((ref) => {
          const service = asString(at(ref, "name"));
          const kind = asString(at(ref, "kind")) ?? "Service";
          const via = { kind: "HTTPRoute" as const, namespace: route.namespace, name: route.name };
          return service === undefined || kind !== "Service"
            ? []
            : [{ dest: { namespace: asString(at(ref, "namespace")) ?? route.namespace, service }, via }];
        }),
      ),
    ),
  ];
  for (const { dest, via } of targets) {
    const service = stack.find(GROUPS.core, "Service", dest.namespace, dest.service);
    const selector = service && asStringMap(at(spec(service), "selector"));
    for (const deployment of deployments) {
      if (objectNamespace(deployment) !== dest.namespace) continue;
      const podLabels = asStringMap(at(spec(deployment), "template", "metadata", "labels")) ?? {};
      if (selector !== undefined && !selects(selector, podLabels)) continue;
      if (!out.some((r) => r.deployment === deployment))
        out.push({ deployment, namespace: dest.namespace, via });
    }
  }
  return out;
}
