/** Pure rendering of an app's Deployment, Service and VirtualService from its settings. */
import type * as k8s from "@pulumi/kubernetes";
import { APP_RESOURCE_REQUESTS } from "../config/defaults";
import type { AppSettings } from "../config/types";
import { ISTIO_NETWORKING_API_VERSION, type IstioObject } from "../k8s-types/istio";

/** Both Gateways, namespace-qualified; `Ingress.gateways` fits. */
export interface AppGateways {
  readonly http: string;
  readonly https: string;
}

/** `<name>.<namespace>.svc.cluster.local`: unambiguous from any namespace, unlike a short name. */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

const LABEL_VALUE = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/**
 * The image tag as a `version` label (Istio's telemetry reads app/version), or `unversioned` when the
 * image has no tag or its tag is no valid label value.
 */
export function imageVersion(image: string): string {
  const withoutDigest = image.split("@")[0];
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  const tag = colon === -1 ? "" : lastSegment.slice(colon + 1);
  return LABEL_VALUE.test(tag) ? tag : "unversioned";
}

/** Pod labels; the selector uses `app` only, so a new image tag rolls out instead of replacing. */
export function appLabels(app: Pick<AppSettings, "name" | "image">): Record<string, string> {
  return { app: app.name, version: imageVersion(app.image) };
}

function checkPorts(app: AppSettings): void {
  for (const [key, value] of [
    ["port", app.port],
    ["targetPort", app.targetPort],
    ["replicas", app.replicas],
  ] as const) {
    const max = key === "replicas" ? 10 : 65535;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new Error(`app "${app.name}": ${key} must be a whole number from 1 to ${max} (got ${value})`);
    }
  }
}

/**
 * The pod-template annotation that names the revision whose injector gives the pods their sidecar.
 * Relabelling a namespace, or moving its tag, re-injects nothing by itself; a new value here rolls
 * the pods out again, as Istio's canary guide does with `kubectl rollout restart`
 * (https://istio.io/latest/docs/setup/upgrade/canary/#data-plane).
 */
export const SIDECAR_REVISION_ANNOTATION = "istio-sandbox/sidecar-revision";

export function renderDeployment(
  app: AppSettings,
  sidecarRevision?: string,
): k8s.types.input.apps.v1.Deployment {
  checkPorts(app);
  const labels = appLabels(app);
  const annotations =
    sidecarRevision === undefined ? {} : { annotations: { [SIDECAR_REVISION_ANNOTATION]: sidecarRevision } };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: app.name, namespace: app.namespace, labels },
    spec: {
      replicas: app.replicas,
      selector: { matchLabels: { app: app.name } },
      template: {
        metadata: { labels, ...annotations },
        spec: {
          containers: [
            {
              name: app.name,
              image: app.image,
              ports: [{ name: "http", containerPort: app.targetPort, protocol: "TCP" }],
              // With a sidecar, Istio rewrites HTTP probes to go through the agent, so they pass
              // under STRICT mTLS. https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/
              readinessProbe: {
                httpGet: { path: "/", port: app.targetPort },
                initialDelaySeconds: 2,
                periodSeconds: 5,
              },
              resources: { requests: { ...APP_RESOURCE_REQUESTS } },
            },
          ],
        },
      },
    },
  };
}

export function renderService(app: AppSettings): k8s.types.input.core.v1.Service {
  checkPorts(app);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: app.name, namespace: app.namespace, labels: appLabels(app) },
    spec: {
      selector: { app: app.name },
      // The port name tells Istio the protocol. https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
      ports: [{ name: "http", port: app.port, targetPort: app.targetPort, protocol: "TCP" }],
    },
  };
}

export function renderVirtualService(app: AppSettings, gateways: AppGateways): IstioObject<"VirtualService"> {
  checkPorts(app);
  for (const ref of [gateways.http, gateways.https]) {
    // A bare name resolves in the VirtualService's own namespace: the walkthrough's 404.
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(ref)) {
      throw new Error(
        `gateway reference "${ref}" must be namespace-qualified, such as istio-system/ingressgateway`,
      );
    }
  }
  return {
    apiVersion: ISTIO_NETWORKING_API_VERSION,
    kind: "VirtualService",
    metadata: { name: app.name, namespace: app.namespace },
    spec: {
      hosts: [app.host],
      gateways: [gateways.http, gateways.https],
      http: [
        {
          name: app.name,
          route: [
            { destination: { host: serviceFqdn(app.name, app.namespace), port: { number: app.port } } },
          ],
        },
      ],
    },
  };
}
