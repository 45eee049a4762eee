/**
 * Rule 10 (IST0101). A Gateway's selector must match the labels of gateway pods the install
 * really creates; otherwise no proxy loads the Gateway and every request fails.
 */
import { findIstioInstall, selectedWorkloads } from "../lib/install";
import { gateways } from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";
import { formatLabels } from "../lib/values";

export function checkGatewaySelectors(stack: StackView): Violation[] {
  const install = findIstioInstall(stack);
  const source =
    install.installer === "none"
      ? "Istio's default install"
      : `the stack's Istio install (${install.installer})`;
  const produced =
    install.workloads.length === 0
      ? "no ingress gateway"
      : install.workloads.map((w) => `${w.namespace}/${w.name} ${formatLabels(w.labels)}`).join("; ");
  const suggestion =
    install.workloads[0] !== undefined ? formatLabels(install.workloads[0].labels) : undefined;
  const fix =
    suggestion !== undefined
      ? `Fix: set spec.selector to ${suggestion} (or a subset of it).`
      : "Fix: enable an ingress gateway in the Istio install (components.ingressGateways or the gateway chart).";
  const violations: Violation[] = [];
  for (const gateway of gateways(stack)) {
    if (!gateway.selectorKnown) continue;
    const where = `Gateway ${gateway.namespace}/${gateway.name}`;
    if (gateway.selector === undefined || Object.keys(gateway.selector).length === 0) {
      violations.push({
        urn: gateway.resource.urn,
        message: `${where} has no selector, so it is not bound to a known gateway workload. ${fix}`,
      });
      continue;
    }
    if (selectedWorkloads(gateway.selector, install.workloads).length > 0) continue;
    violations.push({
      urn: gateway.resource.urn,
      message:
        `${where} selects ${formatLabels(gateway.selector)}, but ${source} creates ${produced}, so no gateway ` +
        `pod serves it. ${fix}`,
    });
  }
  return violations;
}

export const gatewaySelectorRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "gateway-selector-matches-install",
  description:
    "A Gateway's selector matches the labels of an ingress gateway that the stack's Istio install creates.",
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0101"],
  readConfig: noConfig,
  check: (stack) => checkGatewaySelectors(stack),
};
