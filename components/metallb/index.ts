export { MetalLB, type MetalLbArgs, METALLB_POOL_NAME } from "./metallb";
export { deriveAddressRange, poolAddresses, AddressRangeError } from "./address-range";
export { metallbChartValues, METALLB_CHART, type MetalLbChartValues } from "./chart-values";
export { METALLB_API_VERSION, type IPAddressPoolSpec, type L2AdvertisementSpec } from "./metallb-types";
export { webhookWaitCommand, webhookWaitEnvironment, WEBHOOK_PROBE_SCRIPT } from "./webhook-wait";
