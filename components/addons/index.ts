export { Addons, type AddonsArgs } from "./addons";
export { ADDONS, ADDON_NAMESPACE, addonHost, addonManifest, type AddonInfo } from "./catalog";
export { configureKialiManifest, kialiExternalServices, withKialiExternalServices } from "./kiali-config";
export { readManifestText, type ManifestReader } from "./manifest-text";
export { addonRouteTargets, renderAddonVirtualService, renderTracingTelemetry } from "./render";
