/** Pairs of Gateways that one gateway workload loads together (same selector). */
import { gateways, type GatewayInfo } from "./istio";
import type { StackView } from "./stack";

function selectorKey(gateway: GatewayInfo): string | undefined {
  if (gateway.selector === undefined) return undefined;
  return JSON.stringify(Object.entries(gateway.selector).sort(([a], [b]) => a.localeCompare(b)));
}

/** Each unordered pair of distinct Gateways with identical selectors, in stack order. */
export function gatewaysSharingSelector(stack: StackView): Array<readonly [GatewayInfo, GatewayInfo]> {
  const all = gateways(stack);
  const pairs: Array<readonly [GatewayInfo, GatewayInfo]> = [];
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const key = selectorKey(all[i]);
      if (key !== undefined && key === selectorKey(all[j])) pairs.push([all[i], all[j]]);
    }
  }
  return pairs;
}
