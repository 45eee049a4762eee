export { Ingress, type IngressArgs, type IngressTlsMaterial } from "./ingress";
export type { GatewayReferences, SandboxIngress } from "./types";
export {
  gatewayReference,
  gatewayHosts,
  renderHttpGateway,
  renderHttpsGateway,
  credentialSecretData,
  type GatewayInputs,
} from "./gateways";
