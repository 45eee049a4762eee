export { Ingress, type IngressArgs, type IngressTlsMaterial, type GatewayReferences } from "./ingress";
export {
  gatewayReference,
  gatewayHosts,
  renderHttpGateway,
  renderHttpsGateway,
  credentialSecretData,
  type GatewayInputs,
} from "./gateways";
