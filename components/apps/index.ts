export { App, type AppArgs } from "./app";
export {
  renderDeployment,
  renderService,
  renderVirtualService,
  serviceFqdn,
  imageVersion,
  appLabels,
  type AppGateways,
} from "./render";
