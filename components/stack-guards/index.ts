export {
  checkLiveStack,
  guardProblems,
  stackGuards,
  type GuardedValues,
  type StackGuard,
} from "./live-stack-guards";
export { installerSwitchProblem } from "./installer-switch";
export { ingressApiSwitchProblem } from "./ingress-api-switch";
export { revisionSwitchProblem } from "./revision-switch";
export { clusterTargetProblem } from "./cluster-target";
export { lastUpdateOutputs, selfStackNames, READ_STACK_OUTPUTS } from "./last-update";
