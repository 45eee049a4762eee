/** The MetalLB Helm chart's source and the values the sandbox sets on it. */

export const METALLB_CHART = "metallb";

/** The subset of the chart's values.yaml that the sandbox sets. */
export interface MetalLbChartValues {
  readonly frrk8s: { readonly enabled: boolean };
  readonly speaker: { readonly frr: { readonly enabled: boolean } };
  readonly crds: { readonly validationFailurePolicy: "Fail" | "Ignore" };
}

/**
 * Layer 2 only. Chart 0.16 runs FRR-K8s by default, which a layer-2 pool does not use; both switches
 * are needed to turn it off (charts/metallb/values.yaml: `frrk8s.enabled`, `speaker.frr.enabled`).
 * The webhook keeps failing closed: the sandbox waits for it instead of weakening it.
 */
export function metallbChartValues(): MetalLbChartValues {
  return {
    frrk8s: { enabled: false },
    speaker: { frr: { enabled: false } },
    crds: { validationFailurePolicy: "Fail" },
  };
}
