/**
 * Rule 9. The sidecar is added when a pod is created, by istiod's webhook, and only in a
 * namespace already labelled; a Deployment created before either starts pods without a sidecar
 * (the walkthrough's 1/1 containers). Pulumi orders creation only along dependencies, so each
 * Deployment in an injected namespace must depend on the install and on the label. Ambient
 * namespaces are exempt: ztunnel captures pods that already run once the namespace is labelled,
 * with no restart (https://istio.io/latest/docs/ambient/usage/add-workloads/).
 */
import { findIstioInstall } from "../lib/install";
import { injectedNamespaces } from "../lib/namespaces";
import { noConfig, type StackRule } from "../lib/rule";
import {
  GROUPS,
  objectNamespace,
  qualifiedName,
  type StackResource,
  type StackView,
  type Violation,
} from "../lib/stack";

function label(resource: StackResource): string {
  return `${resource.type} "${resource.name}"`;
}

export function checkDeploymentOrdering(stack: StackView): Violation[] {
  const install = findIstioInstall(stack);
  const injected = new Map(injectedNamespaces(stack).map((ns) => [ns.name, ns]));
  const violations: Violation[] = [];
  for (const deployment of stack.ofKind(GROUPS.apps, "Deployment")) {
    const ns = injected.get(objectNamespace(deployment));
    if (ns === undefined) continue;
    const waitsFor = stack.dependencyClosure(deployment);
    const missing = [
      ...(install.controlPlane.length > 0 && !install.controlPlane.some((r) => waitsFor.has(r.urn))
        ? [`the Istio install (${install.controlPlane.map(label).join(", ")})`]
        : []),
      ...(ns.resources.some((r) => waitsFor.has(r.urn))
        ? []
        : [`the injection label on namespace ${ns.name} (${ns.resources.map(label).join(", ")})`]),
    ];
    if (missing.length === 0) continue;
    violations.push({
      urn: deployment.urn,
      message:
        `Deployment ${qualifiedName(deployment)} runs in injected namespace ${ns.name} but does not depend on ` +
        `${missing.join(" or ")}, so its pods may start before injection is in place and run without a sidecar. ` +
        `Fix: add those resources (or the components that own them) to the Deployment's dependsOn.`,
    });
  }
  return violations;
}

export const deploymentAfterInstallRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "deployment-depends-on-istio",
  description:
    "Deployments in injected namespaces depend on the Istio install and on the namespace's injection label, so pods start with a sidecar.",
  enforcementLevel: "mandatory",
  analyzerCodes: [],
  readConfig: noConfig,
  check: (stack) => checkDeploymentOrdering(stack),
};
