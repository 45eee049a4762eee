/**
 * The IstioOperator that `istioctl install` applies, rendered from config by a pure function.
 *
 * The object type is @kubernetes-models/istio's IIstioOperator plus a typed `spec`: upstream's CRD
 * leaves `spec` open (x-kubernetes-preserve-unknown-fields), so the model types only apiVersion, kind
 * and metadata, and the spec fields below follow Istio's own Go types
 * (https://istio.io/latest/docs/reference/config/istio.operator.v1alpha1/).
 */
import type { IIstioOperator } from "@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator";
import { stringify } from "yaml";
import { INGRESS_GATEWAY_NAME, ISTIO_NAMESPACE } from "../config/defaults";
import type { IstioSettings } from "../config/types";
import { gatewayServicePorts, type GatewayServicePort } from "./gateway-ports";
import { deepMerge } from "./merge";

export interface GatewayKubernetesSpec {
  readonly service?: {
    readonly type?: "LoadBalancer" | "NodePort" | "ClusterIP";
    readonly ports?: readonly GatewayServicePort[];
  };
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  readonly replicaCount?: number;
}

export interface GatewayComponentSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly enabled?: boolean;
  readonly label?: Readonly<Record<string, string>>;
  readonly k8s?: GatewayKubernetesSpec;
}

export interface ComponentSpec {
  readonly enabled?: boolean;
  readonly namespace?: string;
}

export interface IstioOperatorSpec {
  readonly profile?: string;
  readonly hub?: string;
  readonly tag?: string;
  readonly revision?: string;
  readonly namespace?: string;
  readonly meshConfig?: Readonly<Record<string, unknown>>;
  readonly values?: Readonly<Record<string, unknown>>;
  readonly components?: {
    readonly base?: ComponentSpec;
    readonly pilot?: ComponentSpec;
    readonly cni?: ComponentSpec;
    readonly ztunnel?: ComponentSpec;
    readonly ingressGateways?: readonly GatewayComponentSpec[];
    readonly egressGateways?: readonly GatewayComponentSpec[];
  };
}

export type SandboxIstioOperator = IIstioOperator & { readonly spec: IstioOperatorSpec };

/** The name istioctl records its install under (the `installed-state` IstioOperator). */
export const ISTIO_OPERATOR_NAME = "istio-sandbox";

/**
 * The IstioOperator for `settings`: the configured profile, its meshConfig and values merged over an
 * empty base, and the default ingress gateway as a LoadBalancer Service with the fixed nodePorts. The
 * gateway is enabled explicitly, because the `minimal` profile has none.
 */
export function renderIstioOperator(settings: IstioSettings): SandboxIstioOperator {
  const spec: IstioOperatorSpec = {
    profile: settings.profile,
    // Explicit, because 1.30 defaulted to registry.istio.io, which closes in December 2026.
    hub: settings.hub,
    ...(Object.keys(settings.meshConfig).length > 0
      ? { meshConfig: deepMerge({}, settings.meshConfig) }
      : {}),
    ...(Object.keys(settings.values).length > 0 ? { values: deepMerge({}, settings.values) } : {}),
    components: {
      ingressGateways: [
        {
          name: INGRESS_GATEWAY_NAME,
          namespace: ISTIO_NAMESPACE,
          enabled: true,
          k8s: { service: { type: "LoadBalancer", ports: gatewayServicePorts(settings.nodePorts) } },
        },
      ],
    },
  };
  return {
    apiVersion: "install.istio.io/v1alpha1",
    kind: "IstioOperator",
    metadata: { name: ISTIO_OPERATOR_NAME, namespace: ISTIO_NAMESPACE },
    spec,
  };
}

/** The YAML that istioctl reads with `-f`. Stable key order, so an unchanged spec never re-runs. */
export function istioOperatorYaml(operator: SandboxIstioOperator): string {
  return stringify(operator, { sortMapEntries: true });
}
