/**
 * Switching `ingressApi` on a live stack. The classic gateway's Service and the one istiod generates
 * for the Gateway API's Gateway take the same fixed nodePorts (the k3d host ports map onto them), and
 * Pulumi creates new resources before it deletes removed ones, so the new gateway's Service cannot get
 * its ports while the old one holds them and the update never finishes.
 */
import { INGRESS_GATEWAY_NAME } from "../config/defaults";
import type { IngressApi } from "../config/types";
import { GATEWAY_NAME, generatedServiceName } from "../gateway-api/render";
import { type ClusterMode, switchSteps } from "./switch-steps";

/** The steps for a switch from `previous` to `current`, or undefined when there is no switch. */
export function ingressApiSwitchProblem(
  previous: unknown,
  current: IngressApi,
  mode: ClusterMode,
  nodePorts: { readonly http: number; readonly https: number },
): string | undefined {
  if (typeof previous !== "string" || previous === current) return undefined;
  return [
    `istio-sandbox:ingressApi is ${current}, but this stack's ingress gateway was made for ${previous}.`,
    `The ${INGRESS_GATEWAY_NAME} Service (ingressApi istio) and the ${generatedServiceName(GATEWAY_NAME)} Service ` +
      `(ingressApi gateway-api) both take the nodePorts ${nodePorts.http} and ${nodePorts.https}, and the new gateway ` +
      "would be made before the old one is removed, so the switch cannot finish. Nothing was changed.",
    ...switchSteps({
      key: "ingressApi",
      previous,
      current,
      mode,
      switching: "ingress APIs",
      keep: "the current ingress",
    }),
  ].join("\n");
}
