/** Which Deployments the VirtualServices send traffic to. */
import { destinationNamespace, virtualServices, type VirtualServiceInfo } from "./istio";
import { GROUPS, objectNamespace, spec, type StackResource, type StackView } from "./stack";
import { asStringMap, at, selects } from "./values";

export interface RoutedDeployment {
  readonly deployment: StackResource;
  readonly namespace: string;
  readonly via: VirtualServiceInfo;
}

/**
 * Deployments behind a VirtualService's destinations: the pods its Service selects, or, when the
 * Service is not in the stack, every Deployment of the destination's namespace.
 */
export function routedDeployments(stack: StackView): RoutedDeployment[] {
  const deployments = stack.ofKind(GROUPS.apps, "Deployment");
  const out: RoutedDeployment[] = [];
  for (const vs of virtualServices(stack)) {
    for (const host of vs.destinationHosts) {
      const dest = destinationNamespace(host, vs.namespace);
      if (dest === undefined) continue;
      const service = stack.find(GROUPS.core, "Service", dest.namespace, dest.service);
      const selector = service && asStringMap(at(spec(service), "selector"));
      for (const deployment of deployments) {
        if (objectNamespace(deployment) !== dest.namespace) continue;
        const podLabels = asStringMap(at(spec(deployment), "template", "metadata", "labels")) ?? {};
        if (selector !== undefined && !selects(selector, podLabels)) continue;
        if (!out.some((r) => r.deployment === deployment))
          out.push({ deployment, namespace: dest.namespace, via: vs });
      }
    }
  }
  return out;
}
