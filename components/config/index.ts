export { loadConfig, readStackConfig } from "./load";
export { parseConfig } from "./parse";
export { ConfigError, CONFIG_NAMESPACE } from "./errors";
export { DEFAULTS, VERSIONS, ISTIO_NAMESPACE, INGRESS_GATEWAY_LABELS, INGRESS_GATEWAY_NAME } from "./defaults";
export type * from "./types";
