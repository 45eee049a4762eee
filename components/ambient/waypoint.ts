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

/**
 * With revisions, `revision` (a revision or tag) is the control plane that deploys and programs the
 * waypoint: istiod reads a Gateway's own `istio.io/rev`, tags included
 * (https://github.com/istio/istio/blob/1.30.3/pilot/pkg/config/kube/gateway/controller.go#L90), so
 * moving the tag moves the waypoint (https://istio.io/latest/docs/ambient/upgrade/helm/#upgrade-waypoints-and-gateways-using-tags).
 */
export function renderWaypoint(namespace: string, revision?: string): GatewayApiObject<"Gateway"> {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: "Gateway",
    // `service`: the waypoint handles traffic addressed to the namespace's Services (istiod's default).
    metadata: {
      name: WAYPOINT_NAME,
      namespace,
      labels: {
        "istio.io/waypoint-for": "service",
        ...(revision === undefined ? {} : { "istio.io/rev": revision }),
      },
    },
    spec: {
      gatewayClassName: ISTIO_WAYPOINT_CLASS,
      listeners: [{ name: "mesh", port: HBONE_PORT, protocol: "HBONE" }],
    },
  };
}
