/**
 * Typed specs for the two MetalLB custom resources the sandbox declares, the subset of the upstream
 * CRDs it uses (metallb v0.16.1, config/crd/bases/metallb.io_ipaddresspools.yaml and
 * metallb.io_l2advertisements.yaml). `CustomResourceArgs` accepts any field; these interfaces are what
 * make a misspelled field a compile error.
 */
import type * as pulumi from "@pulumi/pulumi";

export const METALLB_API_VERSION = "metallb.io/v1beta1";

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    readonly values?: readonly string[];
  }[];
}

/** https://metallb.universe.tf/apis/#ipaddresspoolspec */
export interface IPAddressPoolSpec {
  /** CIDRs or `first-last` ranges; required by the CRD. */
  readonly addresses: readonly pulumi.Input<string>[];
  readonly autoAssign?: boolean;
  readonly avoidBuggyIPs?: boolean;
  readonly serviceAllocation?: {
    readonly priority?: number;
    readonly namespaces?: readonly string[];
    readonly namespaceSelectors?: readonly LabelSelector[];
    readonly serviceSelectors?: readonly LabelSelector[];
  };
}

/** https://metallb.universe.tf/apis/#l2advertisementspec */
export interface L2AdvertisementSpec {
  /** Pools by name; empty means every pool. */
  readonly ipAddressPools?: readonly string[];
  readonly ipAddressPoolSelectors?: readonly LabelSelector[];
  readonly nodeSelectors?: readonly LabelSelector[];
  readonly interfaces?: readonly string[];
}
