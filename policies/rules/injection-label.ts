/**
 * Rule 7 (IST0102, IST0123). Pods get a sidecar only in a namespace labelled for injection, with
 * exactly one of `istio-injection=enabled` or `istio.io/rev`. The walkthrough's pods ran 1/1
 * until it injected them by hand. In ambient mode `istio.io/dataplane-mode=ambient` enrols them
 * instead, and a namespace labelled for both data planes is flagged.
 */
import { injectionState, labelSummary, namespaceLabels } from "../lib/namespaces";
import { noConfig, type StackRule } from "../lib/rule";
import { qualifiedName, type StackView, type Violation } from "../lib/stack";
import { routedDeployments } from "../lib/workloads";

export function checkInjectionLabels(stack: StackView): Violation[] {
  const labels = namespaceLabels(stack);
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const routed of routedDeployments(stack)) {
    if (seen.has(routed.namespace)) continue;
    seen.add(routed.namespace);
    const ns = labels.get(routed.namespace);
    const why =
      `namespace ${routed.namespace} hosts Deployment ${qualifiedName(routed.deployment)}, which ${routed.via.kind} ` +
      `${routed.via.namespace}/${routed.via.name} routes to`;
    const fix = `Fix: label namespace ${routed.namespace} istio-injection=enabled, or istio.io/dataplane-mode=ambient in ambient mode (a NamespacePatch for an existing namespace such as default).`;
    if (ns === undefined) {
      violations.push({
        urn: routed.deployment.urn,
        message: `The ${why}, but no Namespace or NamespacePatch in the stack labels it for sidecar injection or ambient mode, so its pods run outside the mesh. ${fix}`,
      });
      continue;
    }
    if (ns.unknown) continue;
    const state = injectionState(ns.labels);
    if (state === "enabled" || state === "ambient") continue;
    const urn = ns.resources[0].urn;
    violations.push({
      urn,
      message:
        state === "conflicting"
          ? `The ${why}, and it has both istio-injection and istio.io/rev labels, which is ambiguous. ` +
            `Fix: keep exactly one: remove istio.io/rev, or remove istio-injection.`
          : state === "mixed"
            ? `The ${why}, and it is labelled both for sidecar injection and istio.io/dataplane-mode=ambient: its pods ` +
              `get sidecars, which ambient mode then leaves alone. Fix: keep one data plane: remove the injection ` +
              `label (ambient), or the dataplane-mode label (sidecars).`
            : `The ${why}, but it has ${labelSummary(ns.labels)}, so its pods run outside the mesh. ${fix}`,
    });
  }
  return violations;
}

export const injectionLabelRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "namespace-injection-label",
  description:
    "Namespaces hosting Deployments that VirtualServices or HTTPRoutes route to are in the mesh: exactly one sidecar injection label, or ambient mode.",
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0102", "IST0123"],
  readConfig: noConfig,
  check: (stack) => checkInjectionLabels(stack),
};
