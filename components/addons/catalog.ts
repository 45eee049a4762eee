/**
 * What the sandbox knows about each add-on: the manifest Istio ships for it under samples/addons/
 * (tested against that release: https://github.com/istio/istio/tree/release-1.31/samples/addons), the
 * Service its UI answers on, and the path where the UI lives. All four install into istio-system.
 */
import type { AddonName } from "../config/types";

export interface AddonInfo {
  readonly name: AddonName;
  /** File name under samples/addons/. */
  readonly file: string;
  readonly service: string;
  readonly port: number;
  /** Where the UI is served: Kiali's web_root is /kiali and Jaeger's query base_path /jaeger in those manifests. */
  readonly uiPath: string;
  /** What the UI is for, for the next steps. */
  readonly purpose: string;
}

export const ADDONS: Readonly<Record<AddonName, AddonInfo>> = {
  prometheus: {
    name: "prometheus",
    file: "prometheus.yaml",
    service: "prometheus",
    port: 9090,
    uiPath: "/",
    purpose: "metrics Envoy and ztunnel report",
  },
  grafana: {
    name: "grafana",
    file: "grafana.yaml",
    service: "grafana",
    port: 3000,
    uiPath: "/",
    purpose: "Istio's dashboards over those metrics",
  },
  kiali: {
    name: "kiali",
    file: "kiali.yaml",
    service: "kiali",
    port: 20001,
    uiPath: "/kiali",
    purpose: "the mesh's traffic graph and config validation",
  },
  jaeger: {
    name: "jaeger",
    file: "jaeger.yaml",
    // The query UI's Service in jaeger.yaml; its port 80 reaches the UI's 16686.
    service: "tracing",
    port: 80,
    uiPath: "/jaeger",
    purpose: "distributed traces of each request",
  },
};

/** The add-ons' namespace, as their manifests hard-code it. */
export const ADDON_NAMESPACE = "istio-system";

/** `<source>/<file>`: a URL or a local path alike. */
export function addonManifest(source: string, addon: AddonName): string {
  return `${source.replace(/\/+$/, "")}/${ADDONS[addon].file}`;
}

export function addonHost(addon: AddonName, domain: string): string {
  return `${addon}.${domain}`;
}
