export { GatewayApiCrds, type GatewayApiCrdsArgs } from "./crds";
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
export { manifestFiles } from "./sources";
