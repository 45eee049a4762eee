/**
 * How a namespace joins the mesh, by data plane. Sidecar mode: Istio's injector webhook selects
 * `istio-injection=enabled`. Ambient mode: istio-cni and ztunnel capture the pods of namespaces
 * labelled `istio.io/dataplane-mode=ambient`, with no sidecar, and `istio.io/use-waypoint` sends
 * their traffic through the namespace's waypoint for L7.
 * https://istio.io/latest/docs/ambient/usage/add-workloads/, https://istio.io/latest/docs/ambient/usage/waypoint/
 */
import type { DataplaneSettings } from "../config/types";

export const DATAPLANE_MODE_LABEL = "istio.io/dataplane-mode";
export const USE_WAYPOINT_LABEL = "istio.io/use-waypoint";
export const INJECTION_LABEL = "istio-injection";

/** `istioctl waypoint apply`'s default name for a namespace's waypoint (constants.DefaultNamespaceWaypoint). */
export const WAYPOINT_NAME = "waypoint";

export function enrolmentLabels(dataplane: DataplaneSettings): Readonly<Record<string, string>> {
  if (dataplane.mode === "sidecar") {
    if (dataplane.waypoint) throw new Error("waypoints belong to ambient mode; sidecars do L7 themselves");
    return { [INJECTION_LABEL]: "enabled" };
  }
  return {
    [DATAPLANE_MODE_LABEL]: "ambient",
    ...(dataplane.waypoint ? { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME } : {}),
  };
}
