/** Pure rendering of what the add-ons need besides their manifests: routes to their UIs, and tracing. */
import type { AddonName } from "../config/types";
import { TRACING_PROVIDER } from "../config/tracing";
import type { RouteTarget } from "../gateway-api/render";
import {
  ISTIO_NETWORKING_API_VERSION,
  ISTIO_TELEMETRY_API_VERSION,
  type IstioObject,
} from "../k8s-types/istio";
import { ADDONS, ADDON_NAMESPACE, addonHost } from "./catalog";

/** Each enabled add-on's UI as a host to route, for either ingress API. */
export function addonRouteTargets(enabled: readonly AddonName[], domain: string): RouteTarget[] {
  return enabled.map((addon) => ({
    name: addon,
    namespace: ADDON_NAMESPACE,
    host: addonHost(addon, domain),
    service: ADDONS[addon].service,
    port: ADDONS[addon].port,
  }));
}

/** The walkthrough's way: a VirtualService on both Gateways, like an app's. */
export function renderAddonVirtualService(
  target: RouteTarget,
  gateways: { readonly http: string; readonly https: string },
): IstioObject<"VirtualService"> {
  return {
    apiVersion: ISTIO_NETWORKING_API_VERSION,
    kind: "VirtualService",
    metadata: { name: target.name, namespace: target.namespace },
    spec: {
      hosts: [target.host],
      gateways: [gateways.http, gateways.https],
      http: [
        {
          name: target.name,
          route: [
            {
              destination: {
                host: `${target.service}.${target.namespace}.svc.cluster.local`,
                port: { number: target.port },
              },
            },
          ],
        },
      ],
    },
  };
}

/**
 * The mesh-wide Telemetry (root namespace) that turns on the `jaeger` extension provider, tracing
 * every request: a sandbox has little traffic, and each trace is the lesson.
 * https://istio.io/latest/docs/tasks/observability/distributed-tracing/jaeger/
 */
export function renderTracingTelemetry(rootNamespace: string): IstioObject<"Telemetry"> {
  return {
    apiVersion: ISTIO_TELEMETRY_API_VERSION,
    kind: "Telemetry",
    metadata: { name: "mesh-default", namespace: rootNamespace },
    spec: { tracing: [{ providers: [{ name: TRACING_PROVIDER }], randomSamplingPercentage: 100 }] },
  };
}
