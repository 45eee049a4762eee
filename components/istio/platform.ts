/**
 * The profile and platform values that sit beside the configured ones. Ambient mode installs Istio's
 * `ambient` profile (istiod, istio-cni, ztunnel), and a platform profile (`global.platform`) sets the
 * paths that istio-cni needs on that platform, e.g. k3s's CNI directories for k3d
 * (https://github.com/istio/istio/blob/1.31.1/manifests/helm-profiles/platform-k3d.yaml,
 * https://istio.io/latest/docs/ambient/install/platform-prerequisites/#k3d).
 */
import type { IstioSettings } from "../config/types";
import { deepMerge, type PlainObject } from "./merge";

/** The configured values with `global.platform` added when there is one; the user's values win. */
export function platformValues(settings: Pick<IstioSettings, "platform" | "values">): PlainObject {
  const platform = settings.platform === undefined ? {} : { global: { platform: settings.platform } };
  return deepMerge(platform, settings.values);
}

/**
 * Values of the `cni` and `ztunnel` charts in ambient mode: the profile, the image hub and the
 * platform, which each chart reads itself (the charts do not share values with istiod).
 */
export function ambientChartValues(settings: Pick<IstioSettings, "platform" | "hub">): {
  readonly cni: PlainObject;
  readonly ztunnel: PlainObject;
} {
  const common: PlainObject = {
    profile: "ambient",
    global: {
      hub: settings.hub,
      ...(settings.platform === undefined ? {} : { platform: settings.platform }),
    },
  };
  return { cni: deepMerge({}, common), ztunnel: deepMerge({}, common) };
}
