export { Addons, type AddonsArgs } from "./addons";
export { ADDONS, ADDON_NAMESPACE, addonHost, addonManifest, type AddonInfo } from "./catalog";
export { configureKialiManifest, kialiExternalServices, withKialiExternalServices } from "./kiali-config";
export { addonManifestLocator, addonsOrigin, readManifestText, type ManifestLocator } from "./manifest-text";
export { addonRouteTargets, renderAddonVirtualService, renderTracingTelemetry } from "./render";
