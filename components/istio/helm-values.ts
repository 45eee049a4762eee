/**
 * Values for Istio's Helm charts (the `helm` installer), rendered by a pure function from the same
 * settings as the IstioOperator, so that both installers yield the same mesh and the same gateway.
 */
import type { IstioSettings } from "../config/types";
import { gatewayServicePorts, type GatewayServicePort } from "./gateway-ports";
import { deepMerge, isPlainObject, type PlainObject } from "./merge";
import { ambientChartValues, platformValues } from "./platform";

/**
 * The profiles the istiod chart ships (manifests/charts/istiod/files/profile-*.yaml); its
 * templates/zzz_profile.yaml fails with `unknown profile` on any other, so `default` and `minimal`
 * are left to the chart's own defaults.
 */
export const ISTIOD_CHART_PROFILES: readonly string[] = ["ambient", "demo", "preview", "remote", "stable"];

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
  /** The revision whose injector gives the gateway pods their proxy (the chart labels them `istio.io/rev`). */
  readonly revision?: string;
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

/** The profile is the `istioProfile` key's alone: one smuggled into `istioValues` is dropped. */
function withoutProfile(values: PlainObject): PlainObject {
  const rest = { ...values };
  delete rest.profile;
  return rest;
}

/**
 * With revisions: the base chart's `istiod-default-validator` calls the default tag's istiod (its
 * default, `default`, means an istiod without a revision, which there is none of); the gateway is
 * injected by the main revision, and ztunnel finds its XDS and CA at the main revision's istiod
 * (manifests/charts/ztunnel/values.yaml: `revision`, "Used to locate the XDS and CA").
 * https://istio.io/latest/docs/setup/upgrade/helm/#canary-upgrade-recommended
 */
function revisionValues(settings: IstioSettings): { base: PlainObject; main: PlainObject } {
  const revisions = settings.revisions;
  if (revisions === undefined) return { base: {}, main: {} };
  return { base: { defaultRevision: revisions.tags.default }, main: { revision: revisions.main.name } };
}

/** The istiod chart's values for one revision's release. */
export function istiodRevisionValues(istiod: PlainObject, revision: string): PlainObject {
  return { ...istiod, revision };
}

export function istioHelmValues(settings: IstioSettings): IstioHelmValues {
  // The hub is set explicitly: 1.30 defaulted to registry.istio.io, which closes in December 2026.
  const values = platformValues({
    platform: settings.platform,
    values: deepMerge({ global: { hub: settings.hub } }, settings.values),
  });
  const meshConfig = deepMerge(
    isPlainObject(values.meshConfig) ? values.meshConfig : {},
    settings.meshConfig,
  );
  const revisioned = revisionValues(settings);
  const ambient = settings.profile === "ambient" ? ambientChartValues(settings) : undefined;
  return {
    base: revisioned.base,
    istiod: deepMerge(withoutProfile(values), {
      ...(ISTIOD_CHART_PROFILES.includes(settings.profile) ? { profile: settings.profile } : {}),
      ...(Object.keys(meshConfig).length > 0 ? { meshConfig } : {}),
    }),
    // The gateway's image is `auto`, filled in by istiod's injector from istiod's hub
    // (manifests/charts/gateway/templates/deployment.yaml).
    gateway: {
      ...revisioned.main,
      service: { type: "LoadBalancer", ports: gatewayServicePorts(settings.nodePorts) },
    },
    ...(ambient === undefined
      ? {}
      : { ambient: { cni: ambient.cni, ztunnel: deepMerge(ambient.ztunnel, revisioned.main) } }),
  };
}
