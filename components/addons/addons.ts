import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { inCluster, type SandboxCluster } from "../cluster/types";
import type { AddonsSettings } from "../config/types";
import type { GatewayReferences } from "../ingress";
import { istioResource } from "../k8s-types/istio-resource";
import type { IstioDependency } from "../k8s-types/istio-dependency";
import { addonManifest } from "./catalog";
import { configureKialiManifest, kialiExternalServices } from "./kiali-config";
import { addonManifestLocator, type ManifestLocator, readManifestText } from "./manifest-text";
import { addonRouteTargets, renderAddonVirtualService, renderTracingTelemetry } from "./render";

export interface AddonsArgs {
  readonly cluster: SandboxCluster;
  readonly istio: IstioDependency;
  readonly domain: string;
  readonly settings: AddonsSettings;
  /**
   * The Istio Gateways, for a VirtualService per UI (ingressApi istio). Undefined with the Gateway
   * API, whose ingress routes the UIs itself (`addonRouteTargets`).
   */
  readonly gateways?: GatewayReferences;
  /**
   * Where each manifest is read from (default: a URL through the source cache, a local file as it
   * is); tests pass their own.
   */
  readonly locateManifest?: ManifestLocator;
}

/**
 * The dashboards that Istio 1.5's demo profile brought, installed from the manifests Istio tests
 * with each release (samples/addons), after Istio: Prometheus, Grafana, Kiali (reading Prometheus,
 * Jaeger and Grafana) and Jaeger (fed through the mesh's tracing provider and a Telemetry resource).
 */
export class Addons extends pulumi.ComponentResource {
  public readonly manifests: readonly (k8s.yaml.v2.ConfigFile | k8s.yaml.v2.ConfigGroup)[];
  public readonly virtualServices: readonly k8s.apiextensions.CustomResource[];
  public readonly telemetry?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: AddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("istio-sandbox:addons:Addons", name, {}, opts);
    const { settings } = args;
    const afterIstio = inCluster(args.cluster, { parent: this, dependsOn: args.istio.ready });
    const externalServices = kialiExternalServices(settings.enabled, args.domain);

    const locate =
      args.locateManifest ??
      addonManifestLocator(settings.version, { warn: (message) => void pulumi.log.warn(message, this) });
    this.manifests = settings.enabled.map((addon) => {
      // The provider reads the manifest from this local file, so preview and up need no network.
      const file = pulumi.output(locate(addonManifest(settings.source, addon)));
      return addon === "kiali"
        ? // Kiali's settings live in its manifest's ConfigMap, so that one is read and configured here.
          new k8s.yaml.v2.ConfigGroup(
            `${name}-${addon}`,
            {
              yaml: file
                .apply(readManifestText)
                .apply((text) => configureKialiManifest(text, externalServices)),
            },
            afterIstio,
          )
        : new k8s.yaml.v2.ConfigFile(`${name}-${addon}`, { file }, afterIstio);
    });
    this.telemetry = settings.enabled.includes("jaeger")
      ? istioResource(`${name}-tracing`, renderTracingTelemetry(args.istio.namespace), afterIstio)
      : undefined;
    const gateways = args.gateways;
    this.virtualServices =
      gateways === undefined
        ? []
        : addonRouteTargets(settings.enabled, args.domain).map((target) =>
            istioResource(
              `${name}-${target.name}-virtual-service`,
              renderAddonVirtualService(target, gateways),
              afterIstio,
            ),
          );

    this.registerOutputs({ enabled: settings.enabled, source: settings.source });
  }
}
