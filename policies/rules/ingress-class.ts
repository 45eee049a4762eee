/**
 * Rule 6 (advisory). With traefik disabled and Istio as the ingress, an Ingress is served only
 * when its class is `istio`; the walkthrough's first Ingress had none and answered 404.
 * https://istio.io/latest/docs/tasks/traffic-management/ingress/kubernetes-ingress/
 */
import { findIstioInstall } from "../lib/install";
import { gateways } from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import { GROUPS, qualifiedName, spec, type StackView, type Violation } from "../lib/stack";
import { asString, at, isUnknown } from "../lib/values";

const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

export function checkIngressClass(stack: StackView): Violation[] {
  const allGateways = gateways(stack);
  if (findIstioInstall(stack).installer === "none" && allGateways.length === 0) return [];
  const suggestion =
    allGateways[0] !== undefined
      ? `${allGateways[0].namespace}/${allGateways[0].name}`
      : "istio-system/<gateway>";
  const violations: Violation[] = [];
  for (const ingress of stack.ofKind(GROUPS.k8sNetworking, "Ingress")) {
    const rawClass = at(spec(ingress), "ingressClassName");
    const annotation = at(ingress.props, "metadata", "annotations", LEGACY_CLASS_ANNOTATION);
    if (isUnknown(rawClass) || isUnknown(annotation)) continue;
    const cls = asString(rawClass) ?? asString(annotation);
    if (cls === "istio") continue;
    violations.push({
      urn: ingress.urn,
      message:
        `Ingress ${qualifiedName(ingress)} has ingressClassName ${cls === undefined ? "unset" : `"${cls}"`}, but Istio ` +
        `is this cluster's ingress, so no controller serves it and requests get a 404. Fix: set ` +
        `spec.ingressClassName: istio, or replace the Ingress with a VirtualService bound to ${suggestion}.`,
    });
  }
  return violations;
}

export const ingressClassRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "ingress-class-istio",
  description:
    "A networking.k8s.io Ingress uses ingressClassName istio while Istio is the cluster's ingress.",
  enforcementLevel: "advisory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkIngressClass(stack),
};
