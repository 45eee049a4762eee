/**
 * Values for Istio's Helm charts (the `helm` installer), rendered by a pure function from the same
 * settings as the IstioOperator, so that both installers yield the same mesh and the same gateway.
 */
import type { IstioSettings } from "../config/types";
import { gatewayServicePorts, type GatewayServicePort } from "./gateway-ports";
import { deepMerge, isPlainObject, type PlainObject } from "./merge";
import { ambientChartValues, platformValues } from "./platform";

/** https://istio.io/latest/docs/setup/install/helm/ */
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";

/** Chart names, and the release names they are installed under. */
export const ISTIO_CHARTS = {
  base: { chart: "base", release: "istio-base" },
  istiod: { chart: "istiod", release: "istiod" },
  // The gateway chart names its Deployment and Service after the release, and labels the pods
  // `app: <release>` and `istio: <release without "istio-">` (manifests/charts/gateway/templates/
  // _helpers.tpl), so this release name yields the labels istioctl's default gateway carries.
  gateway: { chart: "gateway", release: "istio-ingressgateway" },
  // Ambient's node agents, installed after istiod (https://istio.io/latest/docs/ambient/install/helm/).
  cni: { chart: "cni", release: "istio-cni" },
  ztunnel: { chart: "ztunnel", release: "ztunnel" },
} as const;

/** The subset of the gateway chart's values that the sandbox sets (manifests/charts/gateway/values.yaml). */
export interface GatewayChartValues {
  readonly service: {
    readonly type: "LoadBalancer";
    readonly ports: readonly GatewayServicePort[];
  };
}

export interface IstioHelmValues {
  readonly base: PlainObject;
  /** `profile`, `meshConfig` and the configured `values`, which are istiod chart values. */
  readonly istiod: PlainObject;
  readonly gateway: GatewayChartValues;
  /** The ambient profile's node agents (charts `cni` and `ztunnel`); absent in sidecar mode. */
  readonly ambient?: { readonly cni: PlainObject; readonly ztunnel: PlainObject };
}

export function istioHelmValues(settings: IstioSettings): IstioHelmValues {
  const values = platformValues(settings);
  const meshConfig = deepMerge(
    isPlainObject(values.meshConfig) ? values.meshConfig : {},
    settings.meshConfig,
  );
  return {
    base: {},
    istiod: deepMerge(values, {
      profile: settings.profile,
      ...(Object.keys(meshConfig).length > 0 ? { meshConfig } : {}),
    }),
    gateway: { service: { type: "LoadBalancer", ports: gatewayServicePorts(settings.nodePorts) } },
    ...(settings.profile === "ambient" ? { ambient: ambientChartValues(settings) } : {}),
  };
}
