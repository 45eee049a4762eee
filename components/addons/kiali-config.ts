/**
 * Kiali's config, as samples/addons/kiali.yaml ships it in its `kiali` ConfigMap (key config.yaml),
 * reads Prometheus at its in-cluster default but leaves tracing off and has no links to the other UIs.
 * This rewrites that key so Kiali reads Jaeger and Grafana and links to them through the ingress.
 * Field names: https://kiali.io/docs/configuration/kialis.kiali.io/#.spec.external_services
 * and https://kiali.io/docs/configuration/p8s-jaeger-grafana/tracing/jaeger/ (gRPC query API on 16685).
 */
import { parse, parseAllDocuments, stringify } from "yaml";
import type { AddonName } from "../config/types";
import { ADDONS, ADDON_NAMESPACE, addonHost } from "./catalog";
import { deepMerge, isPlainObject, type PlainObject } from "../istio/merge";

function inCluster(addon: AddonName, port: number, path = ""): string {
  return `http://${ADDONS[addon].service}.${ADDON_NAMESPACE}:${port}${path}`;
}

/** The `external_services` Kiali needs for the enabled add-ons. */
export function kialiExternalServices(enabled: readonly AddonName[], domain: string): PlainObject {
  const services: PlainObject = {};
  if (enabled.includes("prometheus")) {
    services.prometheus = { url: inCluster("prometheus", ADDONS.prometheus.port) };
  }
  if (enabled.includes("jaeger")) {
    services.tracing = {
      enabled: true,
      provider: "jaeger",
      use_grpc: true,
      internal_url: inCluster("jaeger", 16685, ADDONS.jaeger.uiPath),
      external_url: `https://${addonHost("jaeger", domain)}${ADDONS.jaeger.uiPath}`,
    };
  }
  if (enabled.includes("grafana")) {
    services.grafana = {
      enabled: true,
      internal_url: inCluster("grafana", ADDONS.grafana.port),
      external_url: `https://${addonHost("grafana", domain)}`,
    };
  }
  return services;
}

/** config.yaml with `external_services` merged in; the rest of upstream's config stays as shipped. */
export function withKialiExternalServices(configYaml: string, externalServices: PlainObject): string {
  const config: unknown = parse(configYaml);
  if (!isPlainObject(config)) throw new Error("kiali.yaml's ConfigMap has no config.yaml map to configure");
  const existing = isPlainObject(config.external_services) ? config.external_services : {};
  return stringify({ ...config, external_services: deepMerge(existing, externalServices) });
}

/**
 * kiali.yaml with its `kiali` ConfigMap's config.yaml configured; every other document unchanged.
 * Throws when the manifest has no such ConfigMap, since Kiali would then run unconfigured.
 */
export function configureKialiManifest(manifest: string, externalServices: PlainObject): string {
  const documents = parseAllDocuments(manifest).filter((doc) => doc.contents !== null);
  let configured = false;
  const rendered = documents.map((doc) => {
    const object: unknown = doc.toJS();
    if (!isPlainObject(object) || object.kind !== "ConfigMap") return doc.toString();
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    const data = isPlainObject(object.data) ? object.data : {};
    if (metadata.name !== "kiali" || typeof data["config.yaml"] !== "string") return doc.toString();
    configured = true;
    const config = withKialiExternalServices(data["config.yaml"], externalServices);
    return stringify({ ...object, data: { ...data, "config.yaml": config } });
  });
  if (!configured) {
    throw new Error(
      "the Kiali manifest has no ConfigMap named kiali with a config.yaml key. Fix: point addonsSource at Istio's samples/addons of the pinned release",
    );
  }
  return rendered.map((text) => text.replace(/\n*$/, "\n")).join("---\n");
}
