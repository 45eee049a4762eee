/** Pure: no Pulumi runtime. `loadConfig` (which reads the engine's config) lives in ./load. */
export { parseConfig } from "./parse";
export { readStackConfig } from "./stack-values";
export { ConfigError, CONFIG_NAMESPACE } from "./errors";
export {
  DEFAULTS,
  VERSIONS,
  ISTIO_NAMESPACE,
  INGRESS_GATEWAY_LABELS,
  INGRESS_GATEWAY_NAME,
} from "./defaults";
export type * from "./types";
