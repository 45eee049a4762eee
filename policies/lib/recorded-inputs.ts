/**
 * The inputs that resource policies saw, by URN, for the stack policies that run after them in the same
 * pack process. At preview the engine hands a stack policy `{}` for every resource whose provider it
 * could not configure (an input unknown, as the k3d kubeconfig is before the cluster exists):
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/provider_plugin.go#L1385-L1402
 * while Analyze, earlier in the same operation, had that resource's inputs:
 * https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/go/common/resource/plugin/provider_plugin.go#L1152-L1156
 */
import type { PlainObject } from "./values";

const recorded = new Map<string, PlainObject>();

export function recordInputs(urn: string, props: PlainObject): void {
  recorded.set(urn, props);
}

export function recordedInputs(urn: string): PlainObject | undefined {
  return recorded.get(urn);
}

/** A new pack process starts empty; the test harness calls this at the start of each run. */
export function resetRecordedInputs(): void {
  recorded.clear();
}
