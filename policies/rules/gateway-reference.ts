/**
 * Rule 1 (IST0101). A bare gateway name in a VirtualService means a Gateway in the
 * VirtualService's own namespace. The walkthrough wrote `ingressgateway` for the Gateway in
 * istio-system, and got a 404 until it wrote `istio-system/ingressgateway`.
 */
import { gateways, MESH_GATEWAY, resolveGatewayRef, virtualServices, type GatewayInfo } from "../lib/istio";
import { noConfig, type StackRule } from "../lib/rule";
import type { StackView, Violation } from "../lib/stack";

function declaredList(all: readonly GatewayInfo[]): string {
  return all.length === 0 ? "none" : all.map((g) => `${g.namespace}/${g.name}`).join(", ");
}

export function checkGatewayReferences(stack: StackView): Violation[] {
  const allGateways = gateways(stack);
  const violations: Violation[] = [];
  for (const vs of virtualServices(stack)) {
    const where = `VirtualService ${vs.namespace}/${vs.name}`;
    for (const ref of vs.gatewayRefs ?? []) {
      if (ref === MESH_GATEWAY) continue;
      const { namespace, name } = resolveGatewayRef(ref, vs.namespace);
      const sameName = allGateways.filter((g) => g.name === name);
      if (!ref.includes("/")) {
        const target = sameName.find((g) => g.namespace === vs.namespace) ?? sameName[0];
        const fix = `${target?.namespace ?? namespace}/${name}`;
        const elsewhere =
          target !== undefined && target.namespace !== vs.namespace
            ? `, but the Gateway "${name}" is declared in ${target.namespace}`
            : "";
        violations.push({
          urn: vs.resource.urn,
          message:
            `${where} refers to gateway "${ref}" without a namespace, so Istio looks for ` +
            `${vs.namespace}/${name}${elsewhere}. Fix: write "${fix}" in spec.gateways.`,
        });
        continue;
      }
      if (allGateways.some((g) => g.namespace === namespace && g.name === name)) continue;
      const hint = sameName.length > 0 ? `; a Gateway "${name}" exists in ${sameName[0].namespace}` : "";
      const fix =
        sameName.length > 0
          ? `write "${sameName[0].namespace}/${name}" in spec.gateways`
          : `declare Gateway ${namespace}/${name} in the stack, or reference one of the declared Gateways`;
      violations.push({
        urn: vs.resource.urn,
        message:
          `${where} refers to gateway "${ref}", but no such Gateway is declared in this stack ` +
          `(declared: ${declaredList(allGateways)})${hint}. Fix: ${fix}.`,
      });
    }
  }
  return violations;
}

export const gatewayReferenceRule: StackRule<Record<string, never>> = {
  kind: "stack",
  name: "virtualservice-gateway-reference",
  description:
    'A VirtualService names each Gateway as "<namespace>/<name>" (or "mesh"), and the Gateway is declared in the stack.',
  enforcementLevel: "mandatory",
  analyzerCodes: ["IST0101"],
  readConfig: noConfig,
  check: (stack) => checkGatewayReferences(stack),
};
