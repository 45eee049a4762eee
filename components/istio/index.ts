export { IstioMesh, type IstioMeshArgs } from "./istio-mesh";
export {
  IngressAddress,
  type IngressAddressArgs,
  addressProbeEnvironment,
  parseProbeOutput,
} from "./ingress-address";
export {
  renderIstioOperator,
  istioOperatorYaml,
  ISTIO_OPERATOR_NAME,
  type SandboxIstioOperator,
  type IstioOperatorSpec,
} from "./istio-operator";
export { gatewayServicePorts, type GatewayServicePort } from "./gateway-ports";
export { istioHelmValues, ISTIOD_CHART_PROFILES, ISTIO_CHARTS, type IstioHelmValues } from "./helm-values";
export {
  renderInstallScript,
  renderUninstallScript,
  istioctlDownloadHint,
  KUBECONFIG_ENV,
} from "./istioctl-script";
