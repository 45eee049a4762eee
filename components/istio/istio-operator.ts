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
import { platformValues } from "./platform";
import type { RevisionInstall } from "./revisions";

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
 * A revision's IstioOperator name. istioctl labels what it installs with the IstioOperator's name
 * and prunes (and `uninstall -f` removes) by it, so each revision has its own
 * (https://github.com/istio/istio/blob/1.30.3/operator/pkg/install/install.go#L324).
 */
export function operatorName(revision: string): string {
  return `${ISTIO_OPERATOR_NAME}-${revision}`;
}

/**
 * What a canary's IstioOperator leaves to the main revision: the gateways, which an install would
 * upgrade in place and its uninstall remove (https://istio.io/latest/docs/setup/upgrade/canary/#data-plane;
 * the demo profile adds an egress gateway), and ambient's istio-cni and ztunnel, of which a cluster
 * runs one (https://istio.io/latest/docs/ambient/upgrade/helm/).
 */
function canaryComponents(): NonNullable<IstioOperatorSpec["components"]> {
  return {
    cni: { enabled: false },
    ztunnel: { enabled: false },
    ingressGateways: [{ name: INGRESS_GATEWAY_NAME, namespace: ISTIO_NAMESPACE, enabled: false }],
    egressGateways: [{ name: "istio-egressgateway", namespace: ISTIO_NAMESPACE, enabled: false }],
  };
}

/**
 * The IstioOperator for `settings`: the configured profile, its meshConfig and values merged over an
 * empty base, and the default ingress gateway as a LoadBalancer Service with the fixed nodePorts. The
 * gateway is enabled explicitly, because the `minimal` profile has none. With `revision`, the spec
 * installs that revision; a canary's runs istiod alone, with the same profile and settings.
 */
export function renderIstioOperator(
  settings: IstioSettings,
  revision?: RevisionInstall,
): SandboxIstioOperator {
  const values = platformValues(settings);
  const spec: IstioOperatorSpec = {
    profile: settings.profile,
    // Explicit, because 1.30 defaulted to registry.istio.io, which closes in December 2026.
    hub: settings.hub,
    ...(Object.keys(settings.meshConfig).length > 0
      ? { meshConfig: deepMerge({}, settings.meshConfig) }
      : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...(revision === undefined ? {} : { revision: revision.name }),
    components:
      revision?.main === false
        ? canaryComponents()
        : {
            // With the Gateway API, istiod deploys the ingress proxy itself, and the classic gateway
            // would hold the nodePorts that proxy needs; the demo profile enables it, so say no explicitly.
            ingressGateways: [
              settings.ingressGateway
                ? {
                    name: INGRESS_GATEWAY_NAME,
                    namespace: ISTIO_NAMESPACE,
                    enabled: true,
                    k8s: {
                      service: { type: "LoadBalancer", ports: gatewayServicePorts(settings.nodePorts) },
                    },
                  }
                : { name: INGRESS_GATEWAY_NAME, namespace: ISTIO_NAMESPACE, enabled: false },
            ],
          },
  };
  return {
    apiVersion: "install.istio.io/v1alpha1",
    kind: "IstioOperator",
    metadata: {
      name: revision === undefined ? ISTIO_OPERATOR_NAME : operatorName(revision.name),
      namespace: ISTIO_NAMESPACE,
    },
    spec,
  };
}

/** The YAML that istioctl reads with `-f`. Stable key order, so an unchanged spec never re-runs. */
export function istioOperatorYaml(operator: SandboxIstioOperator): string {
  return stringify(operator, { sortMapEntries: true });
}
