/**
 * A namespace's waypoint: a Gateway of class `istio-waypoint` with the one HBONE listener that
 * `istioctl waypoint generate` writes (https://github.com/istio/istio/blob/release-1.31/istioctl/pkg/waypoint/waypoint.go).
 * istiod deploys an Envoy for it in that namespace, and ztunnel sends the namespace's service traffic
 * through it once the namespace carries `istio.io/use-waypoint`.
 */
import { GATEWAY_API_VERSION, type GatewayApiObject, ISTIO_WAYPOINT_CLASS } from "../k8s-types/gateway-api";
import { WAYPOINT_NAME } from "./enrolment";

/** HBONE, ztunnel's tunnel protocol, on its port. */
export const HBONE_PORT = 15008;

export function renderWaypoint(namespace: string): GatewayApiObject<"Gateway"> {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "Gateway",
    // `service`: the waypoint handles traffic addressed to the namespace's Services (istiod's default).
    metadata: { name: WAYPOINT_NAME, namespace, labels: { "istio.io/waypoint-for": "service" } },
    spec: {
      gatewayClassName: ISTIO_WAYPOINT_CLASS,
      listeners: [{ name: "mesh", port: HBONE_PORT, protocol: "HBONE" }],
    },
  };
}
