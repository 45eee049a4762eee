export type { AppEndpoint, IngressEndpoint, StackOutputs } from "./contract";
export {
  appEndpoint,
  appEndpoints,
  appUrl,
  curlCommands,
  curlTarget,
  pinHost,
  ADDRESS_VARIABLE,
  CA_FILE,
  CLIENT_CERT_FILE,
  CLIENT_KEY_FILE,
  type CurlCommands,
  type CurlTarget,
  type EndpointApp,
  type EndpointIngress,
} from "./endpoints";
export { nextSteps, type NextStepsInput } from "./next-steps";
export { ingressEndpoint, type IngressEndpointInput } from "./ingress-endpoint";
export type { AddonEndpoint } from "./contract";
export { addonEndpoints } from "./addon-endpoints";
