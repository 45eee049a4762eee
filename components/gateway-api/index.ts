export { probeClusterCrds, CRD_PROBE_SCRIPT, type CrdLookup, type CrdQuery } from "./cluster-crds";
export {
  BUNDLE_VERSION,
  CHANNEL,
  OWNER_ANNOTATION,
  PATCH_FORCE,
  REQUIRED_CRDS,
  compareBundles,
  parseBundle,
  planCrds,
  type Bundle,
  type CrdPlan,
  type LiveCrd,
  type LiveCrds,
} from "./crd-plan";
export { GatewayApiCrds, type GatewayApiCrdsArgs, stopOnRefusal } from "./crds";
export { GatewayApiIngress, type GatewayApiIngressArgs, gatewayApiResource } from "./ingress";
export {
  GATEWAY_NAME,
  generatedServiceName,
  gatewayPodLabels,
  listenerName,
  renderGateway,
  renderGatewayParameters,
  renderHttpRoute,
  renderRedirectRoute,
  type GatewayApiInputs,
  type RouteTarget,
} from "./render";
export { crdManifest, gatewayApiOrigin, manifestFiles, type CrdManifest } from "./sources";
